/* global jest */
// The e2e project's default limit (see jest.config.js): a real engine run on a loaded machine.
jest.setTimeout(600_000);
