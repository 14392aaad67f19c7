import * as auth from './auth';
import { routesOf, type RoutesOf } from './collection';
import { collections, type Collections } from './collections';
import * as providers from './providers';
import * as workspaces from './workspaces';
import { SuccessBody } from './common';
import { route, type RouteDef } from './route';

export type { HttpMethod, RouteDef } from './route';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every collection's four routes, under their contract names. */
type CollectionRoutes = UnionToIntersection<{ [N in keyof Collections]: RoutesOf<Collections[N]> }[keyof Collections]>;
const collectionRoutes: CollectionRoutes = Object.assign({}, ...Object.values(collections).map(routesOf));

export const routes = {
  ...collectionRoutes,

  listWorkspaces: route({ method: 'GET', path: '/workspace', summary: 'List the workspaces the caller can see, with members', response: workspaces.ListWorkspacesResponse, access: 'none' }),
  listProviders: route({ method: 'GET', path: '/providers', summary: 'List supported provider types and their capabilities', response: providers.ListProvidersResponse, access: 'none' }),

  login: route({ method: 'POST', path: '/user/login', summary: 'Exchange credentials for session tokens', body: auth.LoginRequest, response: auth.TokenResponse, access: 'none', rules: ['401 when the e-mail and password do not match a user with a password'] }),
  refresh: route({ method: 'POST', path: '/user/refresh', summary: 'Renew the access token', body: auth.RefreshRequest, response: auth.TokenResponse, access: 'none', rules: ['401 when the refresh token is unknown'] }),
} satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export { SuccessBody };
