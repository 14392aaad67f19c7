/**
 * The `flashback` provider: its configuration schema, `configure`, and the list of resources and
 * data sources it serves.
 */
import { resolveSettings } from '../client/config';
import { join } from 'node:path';
import { FileCreateJournal, PlanVerdicts, keyConsumerModels, useCreateJournal } from '../core';
import { attr, block, defineProvider, pathOf, type ModelOf, type TfProvider } from './framework';
import { reportProviderSettings } from './provider-settings';
import { ModelListResource, workspaceScopedIdentity } from './resources/discovery';
import { PlanChecks } from './resources/plan-checks';
import { KeyConsumerResource } from './resources/key-consumer-resource';
import { ProviderApiKeyResource } from './resources/provider-api-key';
import { DependentsLedger } from '../core/dependents-ledger';
import type { FlashbackProviderData } from './resources/provider-data';
import { ProviderApiKeysDataSource } from './resources/provider-api-keys-data-source';

const providerBlock = block({
  description: 'Manages Flashback provider API keys, storage buckets and AI model configurations.',
  attributes: {
    api_url: attr.string({ description: 'Base URL of the Flashback API. Defaults to `FLASHBACK_API_URL`, then `https://backend.flashback.tech`.', optional: true }),
    token: attr.string({ description: 'API access token. Defaults to `FLASHBACK_API_TOKEN`.', optional: true, sensitive: true }),
    refresh_token: attr.string({ description: 'Refresh token used to renew `token` when it is refused. Defaults to `FLASHBACK_REFRESH_TOKEN`.', optional: true, sensitive: true }),
    workspace_id: attr.string({ description: 'Workspace used by resources that do not set their own `workspace_id`. Defaults to `FLASHBACK_WORKSPACE_ID`.', optional: true }),
  },
});

export type FlashbackProviderConfig = ModelOf<typeof providerBlock>;
export type { FlashbackProviderData };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function createFlashbackProvider(env: NodeJS.ProcessEnv = process.env): TfProvider<FlashbackProviderData> {
  const provider = defineProvider<typeof providerBlock, FlashbackProviderData>({
    typeName: 'flashback',
    schema: { version: 0, block: providerBlock },
    validate: ({ config }, { diagnostics }) => void reportProviderSettings(config, env, diagnostics),
    configure: async ({ config, terraformVersion }, { diagnostics }) => {
      // Again here: values unknown at validate (from other resources) are known now.
      if (!reportProviderSettings(config, env, diagnostics)) return null;
      const settings = resolveSettings({ apiUrl: str(config.api_url), token: str(config.token), refreshToken: str(config.refresh_token) }, env);
      if (!settings.token) {
        diagnostics.error('Flashback API token not known', 'The provider\'s token must be known when Terraform configures the provider: give it from a variable or FLASHBACK_API_TOKEN, not from a resource created in the same run.', pathOf('token'));
        return null;
      }
      // One client per provider process: list answers are shared by every read of a plan.
      // Loaded here, not at start-up: Terraform also starts the provider just for its schema,
      // and the HTTP client (axios) is most of the load time such a start does not need.
      const [{ FlashbackClient }, { FileVerdictStore, verdictDirectory }] = await Promise.all([import('../client/client'), import('../core/verdict-file-store')]);
      const client = new FlashbackClient({ ...settings, env, cacheLists: true });
      // Terraform starts providers in the working directory: its data directory keeps the
      // record of creates sent, so that a run killed before it saved its state is taken
      // back by the next run instead of duplicated (src/core/create-journal.ts).
      const dataDir = env.TF_DATA_DIR || '.terraform';
      useCreateJournal(client, new FileCreateJournal(join(dataDir, 'flashback-creates.jsonl')));
      const ledger = new DependentsLedger();
      // A plan's verdicts wait for its apply in the same data directory (src/core/plan-verdicts.ts).
      const verdicts = new PlanVerdicts(ledger, new FileVerdictStore(verdictDirectory(dataDir)));
      return { client, workspaceId: str(config.workspace_id) ?? str(env.FLASHBACK_WORKSPACE_ID) ?? null, ledger, verdicts, engineVersion: terraformVersion, checks: new PlanChecks(client) };
    },
    planDefaults: (data) => ({ workspace_id: data.workspaceId }),
  });
  // The key has a file of its own (its deletion checks); every consumer model is served by the consumer resource.
  for (const resource of [new ProviderApiKeyResource(), ...keyConsumerModels.map((m) => new KeyConsumerResource(m))]) {
    provider.registerResource(resource);
    provider.registerIdentity(resource.typeName, workspaceScopedIdentity(resource));
    provider.registerListResource(new ModelListResource(resource));
  }
  provider.registerDataSource(new ProviderApiKeysDataSource());
  return provider;
}
