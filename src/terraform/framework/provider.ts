/**
 * A provider: its definition (schema, configure) and the resources and data sources registered
 * on it. Registration checks each schema once; problems are kept as start-up diagnostics that
 * GetProviderSchema returns, so a broken schema fails every Terraform command with a clear message.
 */
import type { Diagnostic } from './diagnostics';
import { eraseDataSource, eraseDefinition, eraseResource } from './erase';
import type { ProviderDefinition, TfDataSource, TfResource } from './resource';
import type { BlockSpec } from './schema';
import { checkBlock, checkTypeName } from './schema-checks';

export class TfProvider<P> {
  private readonly resourcesByType = new Map<string, TfResource<BlockSpec, P>>();
  private readonly dataSourcesByType = new Map<string, TfDataSource<BlockSpec, P>>();
  private readonly problems: Diagnostic[] = [];

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

/** Creates a provider from a definition whose schema type drives `configure`'s model. */
export function defineProvider<B extends BlockSpec, P>(definition: ProviderDefinition<B, P>): TfProvider<P> {
  return new TfProvider<P>(eraseDefinition(definition));
}
