/**
 * The provider settings every front end takes (API URL, token, default workspace), checked
 * before any call: a mistake here would otherwise surface as a bare "Invalid URL" or 401 on the
 * first request of every resource. Messages read after the setting's name; each front end names
 * the setting its own way (an attribute, a config key, an environment variable).
 */
import { DEFAULT_API_URL } from '../client/config';
import { checkWorkspaceIdForm, httpUrlCheck } from './checks';

const checkApiUrl = httpUrlCheck(DEFAULT_API_URL);

export type ProviderSetting = 'apiUrl' | 'token' | 'workspaceId';

export interface ProviderSettingIssue {
  readonly setting: ProviderSetting;
  readonly message: string;
}

/**
 * Every issue at once. `settings` holds the value each setting resolves to (configuration, else
 * environment); `unknown` the settings whose value is not known yet (Terraform during validate),
 * which are not judged.
 */
export function checkProviderSettings(
  settings: { readonly [S in ProviderSetting]?: string },
  unknown: ReadonlySet<ProviderSetting> = new Set(),
): ProviderSettingIssue[] {
  const issues: ProviderSettingIssue[] = [];
  const known = (setting: ProviderSetting): string | undefined => (unknown.has(setting) ? undefined : settings[setting]);
  const apiUrl = known('apiUrl');
  const apiUrlProblem = apiUrl === undefined ? undefined : checkApiUrl(apiUrl);
  if (apiUrlProblem !== undefined) issues.push({ setting: 'apiUrl', message: apiUrlProblem });
  if (!unknown.has('token') && (settings.token ?? '').trim() === '') {
    issues.push({ setting: 'token', message: 'is not set: every Flashback API call needs an access token' });
  }
  const workspaceId = known('workspaceId');
  const workspaceProblem = workspaceId === undefined ? undefined : checkWorkspaceIdForm(workspaceId);
  if (workspaceProblem !== undefined) issues.push({ setting: 'workspaceId', message: workspaceProblem });
  return issues;
}
