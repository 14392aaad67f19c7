/**
 * Issue #3: the Pulumi CLI built by scripts/engines.sh runs an inline Automation API program holding one trivial
 * `pulumi.dynamic.Resource` through preview, up, a no-change preview, refresh and destroy, on a file backend with a
 * passphrase, offline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace, PulumiCommand, type Stack } from '@pulumi/pulumi/automation';

import {
  definedEnv,
  engineEnv,
  engineEnvInfo,
  makeTempDir,
  PULUMI_TEST_PASSPHRASE,
  pulumiRoot,
  removeDir,
  requireEngine,
} from '../../support/engines';

jest.setTimeout(600_000);

interface ThingInputs {
  name: string;
  size: number;
}

/** A provider with no captured state: everything it returns derives from its inputs. */
const thingProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: ThingInputs) {
    return { id: `thing-${inputs.name}`, outs: { name: inputs.name, size: inputs.size, label: `${inputs.name}:${inputs.size}` } };
  },
  async diff(_id: string, olds: ThingInputs, news: ThingInputs) {
    const replaces = olds.name !== news.name ? ['name'] : [];
    return { changes: olds.name !== news.name || olds.size !== news.size, replaces };
  },
  async update(_id: string, _olds: ThingInputs, news: ThingInputs) {
    return { outs: { name: news.name, size: news.size, label: `${news.name}:${news.size}` } };
  },
  async read(id: string, props: ThingInputs & { label: string }) {
    return { id, props };
  },
  async delete() {
    // nothing to clean up
  },
};

class Thing extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  constructor(name: string, args: { name: pulumi.Input<string>; size: pulumi.Input<number> }, opts?: pulumi.CustomResourceOptions) {
    super(thingProvider, name, { ...args, label: undefined }, opts);
  }
}

describe('pulumi CLI + Automation API (inline program, file backend)', () => {
  let dir: string;
  let stack: Stack | undefined;
  let failed = true;

  beforeAll(() => {
    dir = makeTempDir('flashback-pulumi-');
  });
  afterAll(async () => {
    if (failed) {
      console.warn(`pulumi: keeping ${dir} for inspection`);
      return;
    }
    removeDir(dir);
  });

  it('runs preview, up, a no-change preview, refresh and destroy of a dynamic resource', async () => {
    requireEngine('pulumi');
    requireEngine('pulumi-resource-pulumi-nodejs');
    const env = engineEnv({
      tmpDir: dir,
      env: {
        // Loopback (plugins, the inline program's language server) is exempt; anything else would fail.
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
      },
    });
    const info = engineEnvInfo(env);
    const workDir = path.join(dir, 'work');
    fs.mkdirSync(workDir);

    const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot });
    const projectName = 'flashback-engines-e2e';
    stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: 'dev',
        projectName,
        program: async () => {
          const thing = new Thing('one', { name: 'flashback', size: 3 });
          return { id: thing.id, label: thing.label };
        },
      },
      {
        workDir,
        pulumiHome: info.pulumiHome,
        pulumiCommand,
        envVars: { ...definedEnv(env), PULUMI_CONFIG_PASSPHRASE: PULUMI_TEST_PASSPHRASE },
        projectSettings: { name: projectName, runtime: 'nodejs', backend: { url: env.PULUMI_BACKEND_URL! } },
      },
    );

    const preview1 = await stack.preview();
    expect(preview1.changeSummary).toEqual({ create: 2 }); // the stack and the Thing

    const up = await stack.up();
    expect(up.summary.result).toBe('succeeded');
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.id.value).toBe('thing-flashback');
    expect(up.outputs.label.value).toBe('flashback:3');

    const preview2 = await stack.preview();
    expect(preview2.changeSummary).toEqual({ same: 2 });

    const refresh = await stack.refresh();
    expect(refresh.summary.result).toBe('succeeded');
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 });

    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe('succeeded');
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });

    // The state lives in the file backend of the temp dir.
    expect(fs.readdirSync(info.pulumiBackendDir)).toContain('.pulumi');
    await stack.workspace.removeStack('dev');
    failed = false;
  });
});
