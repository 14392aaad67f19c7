/**
 * A provider: its definition (schema, configure) and the resources and data sources registered
 * on it. Registration checks each schema once; problems are kept as start-up diagnostics that
 * GetProviderSchema returns, so a broken schema fails every Terraform command with a clear message.
 */
import type { Diagnostic } from './diagnostics';
import type { TfResourceIdentity } from './identity';
import type { TfListResource } from './list-resource';
import { eraseDataSource, eraseDefinition, eraseListResource, eraseResource } from './erase';
import type { ProviderDefinition, TfDataSource, TfResource } from './resource';
import type { BlockSpec } from './schema';
import { checkBlock, checkTypeName } from './schema-checks';

export class TfProvider<P> {
  private readonly resourcesByType = new Map<string, TfResource<BlockSpec, P>>();
  private readonly dataSourcesByType = new Map<string, TfDataSource<BlockSpec, P>>();
  private readonly problems: Diagnostic[] = [];
  private readonly identitiesByType = new Map<string, TfResourceIdentity<P>>();
  private readonly listResourcesByType = new Map<string, TfListResource<BlockSpec, P>>();

  constructor(readonly definition: ProviderDefinition<BlockSpec, P>) {
    this.problems.push(...checkBlock('provider', 'provider configuration', definition.schema.block));
  }

  /**
   * B is inferred from the resource's type; for a class typed by a rich literal schema, TypeScript
   * may give up inferring it ("excessively deep"): pass it then, `registerResource<typeof block>(r)`.
   */
  registerResource<B extends BlockSpec>(resource: TfResource<B, P>): this {
    this.register('resource', resource.typeName, resource.schema.block);
    this.resourcesByType.set(resource.typeName, eraseResource<B, P>(resource));
    return this;
  }

  registerDataSource<B extends BlockSpec>(dataSource: TfDataSource<B, P>): this {
    this.register('data source', dataSource.typeName, dataSource.schema.block);
    this.dataSourcesByType.set(dataSource.typeName, eraseDataSource<B, P>(dataSource));
    return this;
  }

  /** The identity of a registered resource type (Terraform 1.12+ uses it; older engines never ask). */
  registerIdentity(typeName: string, identity: TfResourceIdentity<P>): this {
    if (!this.resourcesByType.has(typeName)) this.problems.push(registrationProblem(`identity for ${typeName}: register the resource ${typeName} first.`));
    this.identitiesByType.set(typeName, identity);
    return this;
  }

  /** A list resource for `terraform query` (Terraform 1.14+); its managed resource needs an identity. */
  registerListResource<B extends BlockSpec>(listResource: TfListResource<B, P>): this {
    const { typeName } = listResource;
    if (!this.identitiesByType.has(typeName)) this.problems.push(registrationProblem(`list resource ${typeName}: register the resource ${typeName} and its identity first.`));
    if (this.listResourcesByType.has(typeName)) this.problems.push(registrationProblem(`list resource ${typeName} is registered twice.`));
    this.problems.push(...checkBlock('list resource', `list resource ${typeName}`, listResource.schema.block));
    this.listResourcesByType.set(typeName, eraseListResource<B, P>(listResource));
    return this;
  }

  identity(typeName: string): TfResourceIdentity<P> | null {
    return this.identitiesByType.get(typeName) ?? null;
  }

  get identities(): ReadonlyMap<string, TfResourceIdentity<P>> {
    return this.identitiesByType;
  }

  listResource(typeName: string): TfListResource<BlockSpec, P> | null {
    return this.listResourcesByType.get(typeName) ?? null;
  }

  get listResources(): readonly TfListResource<BlockSpec, P>[] {
    return [...this.listResourcesByType.values()];
  }

  resource(typeName: string): TfResource<BlockSpec, P> | null {
    return this.resourcesByType.get(typeName) ?? null;
  }

  dataSource(typeName: string): TfDataSource<BlockSpec, P> | null {
    return this.dataSourcesByType.get(typeName) ?? null;
  }

  get resources(): readonly TfResource<BlockSpec, P>[] {
    return [...this.resourcesByType.values()];
  }

  get dataSources(): readonly TfDataSource<BlockSpec, P>[] {
    return [...this.dataSourcesByType.values()];
  }

  /** Schema problems found at registration. */
  get startupDiagnostics(): readonly Diagnostic[] {
    return this.problems;
  }

  private register(kind: 'resource' | 'data source', typeName: string, spec: BlockSpec): void {
    const registry = kind === 'resource' ? this.resourcesByType : this.dataSourcesByType;
    if (registry.has(typeName)) {
      this.problems.push({
        severity: 'error',
        summary: 'Invalid provider schema',
        detail: `${kind} ${typeName} is registered twice. This is a bug in the provider.`,
        path: null,
      });
    }
    this.problems.push(...checkTypeName(typeName, this.definition.typeName));
    this.problems.push(...checkBlock(kind, `${kind} ${typeName}`, spec));
  }
}

function registrationProblem(detail: string): Diagnostic {
  return { severity: 'error', summary: 'Invalid provider schema', detail: `${detail} This is a bug in the provider.`, path: null };
}

/** Creates a provider from a definition whose schema type drives `configure`'s model. */
export function defineProvider<B extends BlockSpec, P>(definition: ProviderDefinition<B, P>): TfProvider<P> {
  return new TfProvider<P>(eraseDefinition(definition));
}
