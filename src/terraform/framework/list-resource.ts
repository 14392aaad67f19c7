/**
 * List resources (protocol 6.10, Terraform 1.14 and later): what `terraform query` evaluates for a
 * `list "<type>" "<name>" { provider = …; config { … } }` block in a `.tfquery.hcl` file. A list
 * resource has the type name of the managed resource it finds, and that resource must have an
 * identity: each object found is reported as its identity, a display name and, when Terraform
 * asks (`include_resource = true`, `-generate-config-out`), its whole state as a read returns it.
 */
import type { AnyObject } from '../codec/value';
import type { OperationContext, ValidateContext } from './resource';
import type { BlockSpec, ModelOf, TypeSchema } from './schema';

export interface ListRequest<B extends BlockSpec> {
  /** The inside of the `config { }` block; wholly known (Terraform refuses to list otherwise). */
  readonly config: ModelOf<B>;
  /** Whether each result should carry its resource object. */
  readonly includeResourceObject: boolean;
  /** Terraform stops reading after this many results; 0 means no limit was given. */
  readonly limit: number;
}

export interface ListResult {
  /** Decoded against the managed resource's identity schema. */
  readonly identity: AnyObject;
  /** A short, human name for the object (shown by `terraform query`). */
  readonly displayName: string;
  /** The object's state as its read returns it; only used when the request asked for it. */
  readonly resourceObject?: AnyObject;
}

export type ListContext<P> = Omit<OperationContext<P>, 'privateState'>;

export interface TfListResource<B extends BlockSpec = BlockSpec, P = unknown> {
  /** The managed resource type it lists: `flashback_provider_api_key`. */
  readonly typeName: string;
  /** The `config { }` block's schema. */
  readonly schema: TypeSchema<B>;
  validate?(request: { readonly config: ModelOf<B> }, context: ValidateContext): void | Promise<void>;
  /**
   * The objects, as they are found. Problems go to `context.diagnostics`: an error ends the
   * listing (results already yielded stay), a warning is shown with the results.
   */
  list(request: ListRequest<B>, context: ListContext<P>): AsyncIterable<ListResult>;
}
