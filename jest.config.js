/**
 * Unit and HTTP tests run in-process; e2e tests drive real engines and are serial.
 *
 * No test runs on jest's 5 s default: on a loaded two-core machine an in-process HTTP test can
 * take several seconds, and an engine run a minute. The limits below fit I/O-bound tests there;
 * a test that needs more says so itself. They bound hangs, not speed (speed lives in bench/).
 */
const UNIT_TIMEOUT_MS = 60_000; // e2e: test/support/e2e-timeout.js
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
module.exports = {
  testTimeout: UNIT_TIMEOUT_MS,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      // jest reads testTimeout globally only; the e2e project raises it for its own files.
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
      transform: tsJest,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
