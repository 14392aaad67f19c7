import type { FieldSpec, ResourceModel, Values } from './model';

/**
 * Workspace resolution, written once: an object's own workspace, else the front end's default
 * (Terraform's provider `workspace_id`, Pulumi's `flashback:workspaceId`, CDKTF's provider). A
 * change of the resolved value replaces the object (the field's `replaceOnChange` flag).
 */
export function resolveWorkspace<T>(own: T | null | undefined, providerDefault: () => T | null | undefined): T | undefined {
  if (own !== undefined && own !== null) return own;
  return providerDefault() ?? undefined;
}

/** The field a model places its objects in a workspace with (`workspaceId`), if it has one. */
export const workspaceFieldOf = (model: { fields: readonly FieldSpec[] }): FieldSpec | undefined => model.fields.find((f) => f.defaultsToProviderWorkspace);

/** Core inputs with the workspace resolved; `missing` names the field when neither the object nor the default sets it. */
export function withWorkspace(model: ResourceModel, inputs: Values, providerDefault: string | null | undefined): { values: Values; missing?: FieldSpec } {
  const f = workspaceFieldOf(model);
  if (!f) return { values: inputs };
  const own = inputs[f.prop];
  const ws = resolveWorkspace(typeof own === 'string' ? own : undefined, () => providerDefault);
  if (ws === undefined) return { values: inputs, missing: f };
  return { values: { ...inputs, [f.prop]: ws } };
}
