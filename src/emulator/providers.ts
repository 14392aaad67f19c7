import { Capability, type ProviderInfo } from '../client/contract';

const { storage, ai, cloud } = Capability;

/** What `GET /providers` serves; `provider` values of API keys are validated against it. */
export const PROVIDERS: readonly ProviderInfo[] = [
  { id: 'AWS', name: 'Amazon Web Services', capabilities: storage | ai | cloud },
  { id: 'GCP', name: 'Google Cloud', capabilities: storage | ai | cloud },
  { id: 'AZURE', name: 'Microsoft Azure', capabilities: storage | ai | cloud },
  { id: 'OPENAI', name: 'OpenAI', capabilities: ai },
  { id: 'ANTHROPIC', name: 'Anthropic', capabilities: ai },
];

const byId = new Map(PROVIDERS.map((p) => [p.id, p]));

export function providerCapabilities(id: string): number | undefined {
  return byId.get(id)?.capabilities;
}

/** `provider: unknown provider "FOO"; valid providers: AWS, GCP, ...`, or undefined when known. */
export function unknownProviderIssue(id: string): string | undefined {
  if (byId.has(id)) return undefined;
  return `provider: unknown provider "${id}"; valid providers: ${PROVIDERS.map((p) => p.id).join(', ')}`;
}
