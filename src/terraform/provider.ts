/**
 * The `flashback` provider: its configuration schema, `configure`, and the list of resources and
 * data sources it serves. New resources are registered in `createFlashbackProvider`.
 */
import { attr, block, defineProvider, type ModelOf, type TfProvider } from './framework';

const providerBlock = block({
  description: 'Manages Flashback provider API keys, storage buckets and AI model configurations.',
  attributes: {
    api_url: attr.string({
      description: 'Base URL of the Flashback API. Defaults to `FLASHBACK_API_URL`.',
      optional: true,
    }),
    token: attr.string({
      description: 'API access token. Defaults to `FLASHBACK_API_TOKEN`.',
      optional: true,
      sensitive: true,
    }),
    refresh_token: attr.string({
      description: 'Refresh token used to renew `token` when it expires. Defaults to `FLASHBACK_REFRESH_TOKEN`.',
      optional: true,
      sensitive: true,
    }),
    workspace_id: attr.string({
      description:
        'Workspace used by resources that do not set their own `workspace_id`. Defaults to `FLASHBACK_WORKSPACE_ID`.',
      optional: true,
    }),
  },
});

export type FlashbackProviderConfig = ModelOf<typeof providerBlock>;

/** What resources receive as `context.provider`. To be extended with the API client. */
export interface FlashbackProviderData {
  readonly config: FlashbackProviderConfig;
}

export function createFlashbackProvider(): TfProvider<FlashbackProviderData> {
  const provider = defineProvider<typeof providerBlock, FlashbackProviderData>({
    typeName: 'flashback',
    schema: { version: 0, block: providerBlock },
    configure: async ({ config }) => ({ config }),
  });
  // Resources and data sources, e.g.:
  //   provider.registerResource(new ProviderApiKeyResource());
  //   provider.registerDataSource(new ProviderApiKeysDataSource());
  return provider;
}
