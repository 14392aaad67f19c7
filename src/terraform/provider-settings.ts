/**
 * The provider block's settings, checked where Terraform first shows them to us: at validate when
 * their values are known there, else at configure. Each problem is one provider-level error
 * naming the attribute (or the environment variable it came from) and the fix, so a wrong
 * `api_url` stops the command once instead of surfacing as a failed call on every resource.
 */
import { DEFAULT_API_URL } from '../client/config';
import { checkProviderSettings, type ProviderSetting } from '../core';
import { Unknown, pathOf, type AnyValue, type Diagnostics } from './framework';

interface SettingSource {
  readonly attribute: string;
  readonly env: string;
  readonly title: string;
  /** What to do, given where the value came from. */
  readonly fix: string;
}

const SOURCES: Readonly<Record<ProviderSetting, SettingSource>> = {
  apiUrl: {
    attribute: 'api_url',
    env: 'FLASHBACK_API_URL',
    title: 'API URL',
    fix: `Give the Flashback API's base URL with its scheme, for example api_url = "${DEFAULT_API_URL}" or "http://127.0.0.1:8080" for the emulator; leave it unset for ${DEFAULT_API_URL}.`,
  },
  token: {
    attribute: 'token',
    env: 'FLASHBACK_API_TOKEN',
    title: 'API token',
    fix: 'Set token in the provider "flashback" block (from a sensitive variable) or the FLASHBACK_API_TOKEN environment variable.',
  },
  workspaceId: {
    attribute: 'workspace_id',
    env: 'FLASHBACK_WORKSPACE_ID',
    title: 'workspace_id',
    fix: 'Copy the workspace id from the Flashback console, or leave it unset and set workspace_id on each resource.',
  },
};

const text = (value: AnyValue | undefined): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Reports every problem of the provider's settings; true when there is none. */
export function reportProviderSettings(config: { readonly [name: string]: AnyValue }, env: NodeJS.ProcessEnv, diagnostics: Diagnostics): boolean {
  const values: Partial<Record<ProviderSetting, string>> = {};
  const unknown = new Set<ProviderSetting>();
  const fromEnv = new Set<ProviderSetting>();
  for (const [setting, source] of Object.entries(SOURCES) as [ProviderSetting, SettingSource][]) {
    const configured = config[source.attribute] ?? null;
    if (configured === Unknown) unknown.add(setting);
    else if (text(configured) !== undefined) values[setting] = text(configured);
    else if (text(env[source.env]) !== undefined) {
      values[setting] = text(env[source.env]);
      fromEnv.add(setting);
    }
  }
  const issues = checkProviderSettings(values, unknown);
  for (const { setting, message } of issues) {
    const source = SOURCES[setting];
    if (setting === 'token') {
      diagnostics.error('Missing Flashback API token', `The provider's token ${message}. ${source.fix}`, pathOf(source.attribute));
    } else if (fromEnv.has(setting)) {
      diagnostics.error(
        `Invalid ${source.env}`,
        `${source.env} (used because the provider "flashback" block sets no ${source.attribute}) ${message}. Fix the environment variable, or set ${source.attribute} in the provider block. ${source.fix}`,
      );
    } else {
      diagnostics.error(`Invalid provider ${source.title}`, `${source.attribute} ${message}. ${source.fix}`, pathOf(source.attribute));
    }
  }
  return issues.length === 0;
}
