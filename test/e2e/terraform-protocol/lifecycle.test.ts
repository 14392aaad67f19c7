/**
 * The real launch path: Terraform (and OpenTofu) install our provider with `terraform init` from a
 * filesystem mirror, start it with the go-plugin handshake and AutoMTLS, and drive the test-only
 * `flashback_test_echo` resource through init, plan, apply, an empty plan, in-place update, secret rotation, replacement,
 * validation errors, drift, import, plan-time destroy diagnostics and destroy. The write-only
 * secret must never appear in plan or state JSON, nor in Terraform's trace log, and no provider
 * process may outlive a command.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  engineEnv,
  formatRun,
  makeTempDir,
  removeDir,
  requireEngine,
  run,
  type RunResult,
  type TerraformLikeEngine,
} from '../../support/engines';
import {
  SECRET,
  buildEchoProvider,
  removeEchoProvider,
  type EchoProviderBuild,
  orphansAfter,
  storedObjectFile,
  writeConfiguration,
  type EchoConfig,
} from './harness';

jest.setTimeout(600_000);

let provider: EchoProviderBuild;
beforeAll(() => (provider = buildEchoProvider()));
afterAll(() => removeEchoProvider(provider));

const ENGINES: TerraformLikeEngine[] = ['terraform', 'terraform-latest', 'tofu'];

interface ResourceJson {
  readonly address: string;
  readonly values: Record<string, unknown>;
}

describe.each(ENGINES)('%s with the provider installed by init from a filesystem mirror (AutoMTLS)', (engine) => {
  let dir: string;
  let failed = true;

  beforeEach(() => {
    dir = makeTempDir(`flashback-tfproto-${engine}-`);
    failed = true;
  });
  afterEach(() => {
    if (failed) console.warn(`${engine}: keeping ${dir} for inspection`);
    else removeDir(dir);
  });

  it('runs the whole resource lifecycle', async () => {
    requireEngine(engine);
    const work = join(dir, 'work');
    const storeDir = join(dir, 'store');
    const traceLog = join(dir, 'trace.log');
    const env = engineEnv({
      tmpDir: dir,
      filesystemMirror: provider.mirror,
      env: { TF_VAR_secret: SECRET },
    });
    const configure = (overrides: Omit<EchoConfig, 'storeDir'> = {}): void =>
      writeConfiguration(work, { storeDir, ...overrides });

    /** Runs the engine and asserts its exit code and that no provider process outlived it. */
    const tf = async (args: string[], expectedCode = 0, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> => {
      const result = await run(engine, [...args], { cwd: work, env: { ...env, ...extraEnv } });
      if (result.code !== expectedCode) throw new Error(`expected exit ${expectedCode}\n${formatRun(result)}`);
      expect(await orphansAfter(provider.entry)).toEqual([]);
      return result;
    };
    const showJson = async (...args: string[]): Promise<string> => (await tf(['show', '-json', ...args])).stdout;
    const stateResource = async (): Promise<ResourceJson> => {
      const state = JSON.parse(await showJson()) as { values: { root_module: { resources: ResourceJson[] } } };
      return state.values.root_module.resources[0];
    };

    configure();
    const init = await tf(['init', '-input=false', '-no-color']);
    expect(init.stdout).toMatch(/Installed flashback\/flashback v\d+\.\d+\.\d+/);
    expect(init.stdout + init.stderr).not.toMatch(/development overrides/i);
    await tf(['validate', '-no-color']);

    // Create: computed values unknown in the plan, write-only null, the secret nowhere in the plan file.
    const created = await tf(['plan', '-input=false', '-no-color', '-out=create.tfplan']);
    expect(created.stdout).toMatch(/1 to add, 0 to change, 0 to destroy/);
    const planJson = await showJson('create.tfplan');
    expect(planJson).not.toContain(SECRET);
    const change = (JSON.parse(planJson) as { resource_changes: Array<{ change: Record<string, Record<string, unknown>> }> })
      .resource_changes[0].change;
    expect(change.after).toMatchObject({ secret_wo: null, ratio: 0.1, name: 'first', rule: [{ port: 22, protocol: 'tcp' }, { port: 53, protocol: 'udp' }] });
    expect(change.after_unknown).toMatchObject({ id: true, created_at: true, revision: true, secret_length: true });

    const applied = await tf(['apply', '-input=false', '-no-color', 'create.tfplan'], 0, { TF_LOG: 'trace', TF_LOG_PATH: traceLog });
    expect(applied.stdout).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    expect(readFileSync(traceLog, 'utf8')).not.toContain(SECRET);
    rmSync(traceLog);

    const first = await stateResource();
    expect(first.values).toMatchObject({ secret_wo: null, secret_length: SECRET.length, revision: 1, ratio: 0.1, tags: { env: 'test', team: 'core' }, ports: [80, 443] });
    expect(await showJson()).not.toContain(SECRET);
    const id = String(first.values.id);

    // Nothing changed: an empty plan (no perpetual diff from computed or write-only values).
    await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

    // In-place update keeps the id and the creation time.
    configure({ name: 'second' });
    const update = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color'], 2);
    expect(update.stdout).toMatch(/will be updated in-place/);
    expect(update.stdout).toMatch(/0 to add, 1 to change, 0 to destroy/);
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const second = await stateResource();
    expect(second.values).toMatchObject({ id, name: 'second', revision: 2, created_at: first.values.created_at });

    // Rotation: bumping secret_wo_version sends the new secret, in place.
    configure({ name: 'second', secretVersion: 2 });
    const rotated = await tf(['apply', '-auto-approve', '-input=false', '-no-color'], 0, { TF_VAR_secret: `${SECRET}-2` });
    expect(rotated.stdout).toMatch(/0 added, 1 changed, 0 destroyed/);
    expect((await stateResource()).values).toMatchObject({ id, secret_length: SECRET.length + 2, secret_wo: null });
    env.TF_VAR_secret = `${SECRET}-2`;

    // A requires-replace attribute replaces the object.
    configure({ name: 'second', secretVersion: 2, zone: 'b' });
    const replace = await tf(['plan', '-input=false', '-no-color'], 0);
    expect(replace.stdout).toMatch(/must be replaced/);
    expect(replace.stdout).toMatch(/forces replacement/);
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const replaced = await stateResource();
    expect(replaced.values.id).not.toBe(id);
    const replacedId = String(replaced.values.id);

    // Validation errors point at the attribute.
    configure({ name: 'second', secretVersion: 2, zone: 'z' });
    const invalid = await tf(['validate', '-no-color'], 1);
    expect(invalid.stderr + invalid.stdout).toMatch(/"z" is not allowed here; use one of `a`, `b`, `c`/);
    expect(invalid.stderr + invalid.stdout).toMatch(/zone\s+= "z"/);
    configure({ name: 'second', secretVersion: 2, zone: 'b' });

    // Drift: the object vanished outside Terraform, so the plan re-creates it.
    rmSync(storedObjectFile(storeDir, replacedId));
    const drift = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color'], 2);
    expect(drift.stdout).toMatch(/will be created/);
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const recreatedId = String((await stateResource()).values.id);

    // Import: forget the object, import it by id, and the next plan is empty.
    await tf(['state', 'rm', '-no-color', 'flashback_test_echo.one']);
    await tf(['import', '-input=false', '-no-color', 'flashback_test_echo.one', recreatedId]);
    await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

    // plan_destroy: an error from the destroy plan stops `destroy` before anything is deleted…
    configure({ name: 'second', secretVersion: 2, zone: 'b', blockDestroy: true, destroyWarning: 'echo one goes away' });
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const blocked = await tf(['destroy', '-auto-approve', '-input=false', '-no-color'], 1);
    expect(blocked.stderr).toMatch(/Destroy blocked/);
    expect((await tf(['state', 'list'])).stdout).toMatch(/flashback_test_echo\.one/);

    // …and a warning is shown while the destroy goes ahead.
    configure({ name: 'second', secretVersion: 2, zone: 'b', blockDestroy: false, destroyWarning: 'echo one goes away' });
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const destroyed = await tf(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(destroyed.stdout + destroyed.stderr).toMatch(/Destroy warning/);
    expect(destroyed.stdout + destroyed.stderr).toMatch(/echo one goes away/);
    expect(destroyed.stdout).toMatch(/Resources: 1 destroyed/);
    expect((await tf(['state', 'list'])).stdout.trim()).toBe('');
    failed = false;
  });
});
