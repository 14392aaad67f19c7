/**
 * Resource identity (protocol 6.9, Terraform 1.12 and later): a small, versioned object that
 * names one remote object independently of its state (for Flashback `{workspace_id, id}`).
 * Terraform stores it beside the state, imports by it (`import { identity = {…} }`), and lists
 * objects as identities (`terraform query`). Engines without it (Terraform before 1.12, OpenTofu)
 * never ask for it, and everything else works as before.
 *
 * A resource declares its identity with `provider.registerIdentity(typeName, identity)`; the
 * adapter then returns the identity with every read, plan, apply, import and move, so resource
 * code only says how an identity follows from a state and how to import by one.
 */
import { ctyTypeBytes, t, type CtyType, type ObjectType } from '../codec/cty-type';
import type { JsonTree } from '../codec/json';
import type { AnyObject, AnyValue } from '../codec/value';
import type { ResourceIdentitySchemaMessage } from '../protocol/tfplugin6-messages';
import type { Diagnostics } from './diagnostics';
import type { OperationContext } from './resource';

export interface IdentityAttributeSpec {
  readonly type: CtyType;
  /** Markdown, shown in the docs and by the language server. */
  readonly description: string;
  /** Must be given in an `import {}` block's identity (else the provider can supply it). */
  readonly requiredForImport: boolean;
}

export interface IdentitySchema {
  /** Bumped when the attributes change; stored identities of older versions are upgraded. */
  readonly version: number;
  readonly attributes: { readonly [name: string]: IdentityAttributeSpec };
}

export interface TfResourceIdentity<P = unknown> {
  readonly schema: IdentitySchema;
  /** The identity of an object in state or plan; values may be unknown in a create plan. */
  of(state: AnyObject): AnyObject;
  /** `import {}` by identity: the state to read next, as an import by id returns it. */
  import(request: { readonly identity: AnyObject }, context: OperationContext<P>): Promise<AnyObject | null>;
  /** An identity stored with another identity version. Without it, such identities are refused. */
  upgrade?(request: { readonly version: number; readonly rawIdentity: JsonTree }, context: { readonly diagnostics: Diagnostics }): AnyObject | null;
}

/**
 * The common case: the identity attributes are state attributes of the same names and types,
 * so the identity of a state is those attributes' values.
 */
export function stateAttributesIdentity<P>(definition: {
  readonly schema: IdentitySchema;
  readonly import: TfResourceIdentity<P>['import'];
}): TfResourceIdentity<P> {
  const names = Object.keys(definition.schema.attributes);
  return {
    schema: definition.schema,
    of: (state) => {
      const identity: Record<string, AnyValue> = {};
      for (const name of names) identity[name] = state[name] ?? null;
      return identity;
    },
    import: definition.import,
  };
}

export function identityType(schema: IdentitySchema): ObjectType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, spec] of Object.entries(schema.attributes)) attributes[name] = spec.type;
  return t.object(attributes);
}

export function identitySchemaMessage(schema: IdentitySchema): ResourceIdentitySchemaMessage {
  return {
    version: schema.version,
    identity_attributes: Object.entries(schema.attributes).map(([name, spec]) => ({
      name,
      type: ctyTypeBytes(spec.type),
      description: spec.description,
      required_for_import: spec.requiredForImport,
      optional_for_import: !spec.requiredForImport,
    })),
  };
}
