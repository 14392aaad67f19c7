import type { z } from 'zod';
import type { RouteDef } from './route';

/** A list route filtered by workspace (and perhaps by more). */
export type WorkspaceListRoute = RouteDef & { query: z.ZodType<{ workspaceId?: string | undefined }> };

/**
 * One workspace-scoped API collection: its four routes and its names, from which everything
 * else follows by the API's own convention. `one: 'Bucket', many: 'Buckets'` means the routes
 * `listBuckets`, `createBucket`, `updateBucket`, `deleteBucket`, a list answer that keeps its
 * items in `buckets` and a create answer that keeps the new id in `bucketId`. The client serves
 * it as `client.buckets`, the emulator serves it, OpenAPI describes it.
 */
export interface Collection<
  One extends string = string,
  Many extends string = string,
  L extends WorkspaceListRoute = WorkspaceListRoute,
  C extends RouteDef = RouteDef,
  U extends RouteDef = RouteDef,
  D extends RouteDef = RouteDef,
> {
  one: One;
  many: Many;
  /** How messages name one item ("storage bucket"). */
  what: string;
  list: L;
  create: C;
  update: U;
  delete: D;
}

export type ListKey<Many extends string> = Uncapitalize<Many>;
export type CreatedKey<One extends string> = `${Uncapitalize<One>}Id`;
export type ListRouteOf<Many extends string> = WorkspaceListRoute & { response: z.ZodType<{ [P in ListKey<Many>]: readonly { id: string }[] }> };
export type CreateRouteOf<One extends string> = RouteDef & { response: z.ZodType<{ [P in CreatedKey<One>]: string }> };

export const collection = <One extends string, Many extends string, L extends ListRouteOf<Many>, C extends CreateRouteOf<One>, U extends RouteDef, D extends RouteDef>(
  c: Collection<One, Many, L, C, U, D>,
): Collection<One, Many, L, C, U, D> => c;

const lowerFirst = <S extends string>(s: S): Uncapitalize<S> => (s.charAt(0).toLowerCase() + s.slice(1)) as Uncapitalize<S>;
/** Where a list answer keeps its items: `buckets`. */
export const listKey = <Many extends string>(c: { many: Many }): ListKey<Many> => lowerFirst(c.many);
/** Where a create answer keeps the new id: `bucketId`. */
export const createdKey = <One extends string>(c: { one: One }): CreatedKey<One> => `${lowerFirst(c.one)}Id`;

/** The item type of a collection, as its list answer holds it. */
export type ItemOf<K extends Collection> = z.output<K['list']['response']> extends { [P in ListKey<K['many']>]: readonly (infer I extends { id: string })[] } ? I : never;

// A generic K's answers are not known to have the keys; `collection` checked that they do, and
// the transport validated the answer against the route's schema.
/** The items of a list answer. */
export const itemsIn = <K extends Collection>(c: K, res: z.output<K['list']['response']>): ItemOf<K>[] => (res as Record<string, ItemOf<K>[]>)[listKey(c)];
/** The new id in a create answer. */
export const createdIdIn = <K extends Collection>(c: K, res: z.output<K['create']['response']>): string => (res as Record<string, string>)[createdKey(c)];

/** The collection's routes under their contract names (`listBuckets`, ...). */
export type RoutesOf<K extends Collection> = { [P in `list${K['many']}`]: K['list'] } & { [P in `create${K['one']}`]: K['create'] } & { [P in `update${K['one']}`]: K['update'] } & {
  [P in `delete${K['one']}`]: K['delete'];
};

export const routeNames = (c: Collection) => ({ list: `list${c.many}`, create: `create${c.one}`, update: `update${c.one}`, delete: `delete${c.one}` }) as const;

export function routesOf<K extends Collection>(c: K): RoutesOf<K> {
  const n = routeNames(c);
  return { [n.list]: c.list, [n.create]: c.create, [n.update]: c.update, [n.delete]: c.delete } as RoutesOf<K>;
}
