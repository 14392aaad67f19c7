import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBundle } from '../provider/bundle';
import { buildExecutable } from '../provider/executable';
import { installProvider } from '../provider/install';
import { packageVersion, terraformPlatform } from '../provider/layout';
import { type Out, type ToolResult, indent, packageRoot, runTool } from './tools';

export interface DemoTarget {
  url: string;
  token: string;
  workspaceId: string;
  /** A scratch folder of the demo's own. */
  dir: string;
}

const CONSUMERS = ['flashback_storage_bucket.logs', 'flashback_storage_bucket.assets', 'flashback_ai_llm.assistant'];

/** What a reader wants from a plan: the action lines, the summary, and the warnings. */
export function planHighlights(text: string): string {
  const lines = text.split('\n');
  const keep: string[] = [];
  let inWarning = false;
  for (const line of lines) {
    if (/^(Warning|Error): /.test(line)) inWarning = true;
    if (inWarning) {
      keep.push(line);
      if (line.trim() === '' && keep.length > 1 && keep[keep.length - 2].trim() === '') inWarning = false;
      continue;
    }
    if (/^\s+# \S+ (will|must) be /.test(line) || /^Plan: /.test(line) || /^(Apply|Destroy) complete/.test(line) || /^\s+~ \w+ +=/.test(line)) keep.push(line);
  }
  return keep.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * The Terraform example against the emulator with the real `terraform` and this package's
 * provider: create, rotate in place, the plan-time conflict of removing the key alone, destroy.
 */
export async function terraformWalkthrough(terraform: string, target: DemoTarget, out: Out): Promise<void> {
  const work = join(target.dir, 'terraform');
  mkdirSync(work, { recursive: true });
  copyFileSync(join(packageRoot, 'examples', 'terraform', 'main.tf'), join(work, 'main.tf'));
  // The provider as `flashback-iac provider install --mirror` installs it, in the demo's own folder
  // (the user's ~/.terraform.d stays untouched), found by `terraform init` like any provider.
  const mirror = join(target.dir, 'provider-mirror');
  const executable = await buildExecutable({ bundle: await currentBundle() });
  installProvider(executable.path, { mirror, version: packageVersion(), platform: terraformPlatform() });
  const cliConfig = join(target.dir, 'terraform.rc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    FLASHBACK_API_URL: target.url,
    FLASHBACK_API_TOKEN: target.token,
    FLASHBACK_WORKSPACE_ID: target.workspaceId,
    TF_VAR_aws_secret: 'demo-secret-v1',
    TF_VAR_secret_version: '1',
    TF_VAR_name_prefix: 'demo',
  };
  const tf = async (args: string[], cwd = work, extra: NodeJS.ProcessEnv = {}, okCodes = [0]): Promise<ToolResult> => {
    const r = await runTool(terraform, [...args, '-no-color'], { cwd, env: { ...env, ...extra } });
    if (!okCodes.includes(r.code)) throw new Error(`terraform ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
    return r;
  };

  const version = (await runTool(terraform, ['version'], { cwd: work, env })).stdout.split('\n')[0];
  out(`\n== Terraform (${version}) with the flashback provider, examples/terraform/main.tf`);

  out('\n0. terraform init: installs flashback/flashback (a single executable) and writes .terraform.lock.hcl');
  const init = await tf(['init']);
  out(indent(init.stdout.split('\n').filter((l) => /Installed flashback|Terraform has created a lock file/.test(l)).join('\n')));

  out('\n1. terraform apply: a key shared by two buckets and an AI model');
  const created = await tf(['apply', '-auto-approve']);
  out(indent(planHighlights(created.stdout)));
  out(indent((await tf(['output'])).stdout));

  out('\n2. Rotate the secret: new TF_VAR_aws_secret, secret_version 1 -> 2');
  const rotate = { TF_VAR_aws_secret: 'demo-secret-v2', TF_VAR_secret_version: '2' };
  const plan = await tf(['plan'], work, rotate);
  out(indent(planHighlights(plan.stdout)));
  await tf(['apply', '-auto-approve'], work, rotate);
  out('   applied: same key id, the buckets and the AI model untouched');

  out('\n3. Another configuration drops the key while the buckets still use it: the plan names them before any apply');
  const other = join(target.dir, 'terraform-key-only');
  cpSync(work, other, { recursive: true });
  for (const address of CONSUMERS) await tf(['state', 'rm', address], other, rotate);
  writeFileSync(join(other, 'main.tf'), 'terraform {\n  required_providers {\n    flashback = { source = "flashback/flashback" }\n  }\n}\nprovider "flashback" {}\n');
  const removal = await tf(['plan'], other, rotate);
  out(indent(planHighlights(removal.stdout + removal.stderr)));

  out('\n4. terraform destroy: consumers first, then the key');
  const destroyed = await tf(['destroy', '-auto-approve'], work, rotate);
  out(indent(planHighlights(destroyed.stdout)));
}
