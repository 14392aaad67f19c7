/**
 * What the optional-input tests walk: a valid input of each model (core props), and every input
 * of every model a user may leave unset, from the models' field lists.
 */
import { inputFields, resourceModels, type FieldSpec, type ResourceModel } from '../../src/core';

/** A valid input of each model; a model added without one fails the tests that walk them. */
export const validInputs: Record<string, Record<string, string | number | null>> = {
  provider_api_key: { workspaceId: 'ws-1', providerType: 'AZURE', key: 'AKIAVALID', secret: 's3cr3t', region: 'westeurope', tenantId: 't-1', subscriptionId: 's-1', endpoint: 'https://example.test', description: 'd' },
  storage_bucket: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'b', bucket: 'acme', storageType: 'S3', region: 'eu-west-1', endpoint: 'https://s3.example.test' },
  ai_llm: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'm', aiType: 'OPENAI', endpoint: 'https://llm.example.test' },
};

/** Inputs a user may leave unset: optional ones, and those the provider's workspace fills in. */
const mayBeUnset = (f: FieldSpec) => !f.required || f.defaultsToProviderWorkspace === true;

/** `[model.field, model, field]` for every input a user may leave unset. */
export const optionalInputCases: [string, ResourceModel, FieldSpec][] = resourceModels.flatMap((m) =>
  inputFields(m)
    .filter(mayBeUnset)
    .map((f) => [`${m.kind}.${f.name}`, m, f] as [string, ResourceModel, FieldSpec]),
);

/** `input` without `prop`. */
export function without<T extends Record<string, unknown>>(input: T, prop: string): T {
  const copy = { ...input };
  delete copy[prop];
  return copy;
}
