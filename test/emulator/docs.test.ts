import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_LENGTH, routes } from '../../src/client/contract';

/** The emulator guide states the contract's limits and rules; it must not drift from them. */
const guide = readFileSync(join(__dirname, '../../docs/guides/emulator.md'), 'utf8');

test('every maximum length is in the guide, with its value', () => {
  for (const [name, max] of Object.entries(MAX_LENGTH)) expect(guide).toMatch(new RegExp(`^\\| ${name} \\|.*\\| ${max} \\|`, 'm'));
});

test('every write route states its business rules in the contract (served in /openapi.json)', () => {
  const missing = Object.entries(routes)
    .filter(([, r]) => r.method !== 'GET' && ((r as { rules?: readonly string[] }).rules ?? []).length === 0)
    .map(([name]) => name);
  expect(missing).toEqual([]);
});
