import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ErrorBody, routes } from '../../src/client/contract';
import { TOKENS, type TestEmulator, startTestEmulator, tempDir } from './support';

/**
 * Issue #10.6: schemathesis (PyPI, installed by scripts/schemathesis.sh, which scripts/test.sh
 * runs) fuzzes the emulator against its own /openapi.json with every check. The contract must
 * state what the server enforces, so the only failures allowed are schema-valid requests
 * refused for a business rule the contract lists (a key reference to a key that does not
 * exist, a name taken, the AZURE rule on an update of a stored key). Any server error, any
 * answer outside the schema, any schema-invalid request accepted fails this test. A missing
 * schemathesis fails it too: it is not skipped.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

/** The business rules' messages: a schema-valid request may be refused with exactly these. */
const BUSINESS_RULES: RegExp[] = [
  // Every collection that uses a key states it, each in its own words ("a bucket", "an AI model", "a vector store").
  /^Invalid request: apiKeyUuid: no API key .* in workspace \S+; an? [A-Za-z ]+ can only use a key of its own workspace$/s,
  /^Invalid request: name: (a bucket|an AI model configuration) named .* already exists/s,
  /^Invalid request: (tenantId|subscriptionId): applies only to AZURE keys/,
];

interface Failure {
  code: string;
  status: number;
  message: string;
}

/** Failures from schemathesis's text report: each has its check code and the answer it got. */
function failuresOf(output: string): Failure[] {
  const start = output.indexOf('= FAILURES =');
  if (start < 0) return [];
  const end = output.indexOf('= WARNINGS =', start);
  const section = output.slice(start, end < 0 ? undefined : end);
  const out: Failure[] = [];
  for (const block of section.split(/\n- (?=ST\d+ )/).slice(1)) {
    const code = /^ST\d+/.exec(block)?.[0] ?? '?';
    const status = Number(/\n\[(\d{3})\]/.exec(block)?.[1] ?? 0);
    const body = /\n\s+`(\{.*\})`\n/.exec(block)?.[1];
    let message = '(no JSON body)';
    if (body) {
      const parsed = ErrorBody.safeParse(JSON.parse(body));
      message = parsed.success ? parsed.data.message : body;
    }
    out.push({ code, status, message });
  }
  return out;
}

let t: TestEmulator;
let st: string;
beforeAll(async () => {
  st = execFileSync('bash', [resolve(ROOT, 'scripts/schemathesis.sh'), 'ensure'], { encoding: 'utf8', timeout: 300_000 }).trim();
  t = await startTestEmulator();
}, 320_000);
afterAll(() => t?.stop());

test('a bounded schemathesis pass (all checks, a few hundred cases) finds nothing but listed business rules', async () => {
  const dir = tempDir('fbe-st-');
  try {
    const args = [
      'run',
      `${t.emu.url}/openapi.json`,
      ...['-H', `Authorization: Bearer ${TOKENS.owner}`],
      ...['--checks', 'all', '--max-examples', '6', '--workers', '1', '--seed', '20261201'],
      ...['--request-timeout', '30', '--suppress-health-check', 'too_slow', '--no-color'],
      ...['--report', 'json', '--report-json-path', `${dir}/report.json`],
    ];
    const result = await run(st, args, { cwd: dir, timeout: 400_000, maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    // 0: no failure; 1: failures (judged below); anything else: schemathesis itself broke.
    if (result.code !== 0 && result.code !== 1) throw new Error(`schemathesis exited with ${result.code}:\n${result.stdout.slice(-3000)}`);
    const generated = Number(/(\d+) generated/.exec(result.stdout)?.[1] ?? 0);
    expect(generated).toBeGreaterThanOrEqual(200);
    expect(result.stdout).toMatch(new RegExp(`Tested: ${Object.keys(routes).length}\\b`)); // every operation of the contract (16 today)
    const unexpected = failuresOf(result.stdout).filter((f) => !(f.code === 'ST202' && f.status === 400 && BUSINESS_RULES.some((r) => r.test(f.message))));
    expect(unexpected).toEqual([]);
    if (result.code === 1) expect(failuresOf(result.stdout).length).toBeGreaterThan(0); // a failure the parser missed would hide here
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 420_000);
