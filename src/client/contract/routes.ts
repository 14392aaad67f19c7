import type { z } from 'zod';
import * as apikeys from './apikeys';
import * as auth from './auth';
import * as buckets from './buckets';
import * as aiLlms from './ai-llms';
import * as providers from './providers';
import * as workspaces from './workspaces';
import { SuccessBody } from './common';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One API call: the emulator serves it, the client calls it, OpenAPI describes it. */
export interface RouteDef {
  method: HttpMethod;
  /** Express-style path with `:param` segments. */
  path: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Which workspace access the call needs; `none` for calls outside workspaces. */
  access: 'read' | 'write' | 'none';
  /**
   * The business rules: why a request the schemas accept can still be refused. Everything
   * else the server checks is in the schemas (and so in `/openapi.json`).
   */
  rules?: readonly string[];
}

const READ_RULE = '403 when `workspaceId` names a workspace the caller cannot read';
const WRITE_RULE = '403 when the caller cannot write to the workspace';
const FOUND_RULE = '404 when no such object is in a workspace the caller can see';
const AZURE_RULE = '`tenantId` and `subscriptionId` only on `AZURE` keys (on update: the key as it will be, sent fields over stored ones)';
const PROVIDER_RULE = '`provider` must be a type `GET /providers` lists (the emulator states its list as the `enum`)';
const KEY_REF_RULE = '`apiKeyUuid` must name a live key of the same workspace';

const route = <R extends RouteDef>(r: R): R => r;

export const routes = {
  listApiKeys: route({ method: 'GET', path: '/apikeys', summary: 'List provider API keys with their usage counts', query: apikeys.ListApiKeysQuery, response: apikeys.ListApiKeysResponse, access: 'read', rules: [READ_RULE, PROVIDER_RULE] }),
  createApiKey: route({ method: 'POST', path: '/apikeys', summary: 'Create a provider API key', body: apikeys.CreateApiKeyRequest, response: apikeys.CreateApiKeyResponse, access: 'write', rules: [WRITE_RULE, PROVIDER_RULE, AZURE_RULE] }),
  updateApiKey: route({ method: 'PUT', path: '/apikeys/:id', summary: 'Update a provider API key; only the fields sent change (null clears an optional field)', body: apikeys.UpdateApiKeyRequest, response: apikeys.UpdateApiKeyResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, PROVIDER_RULE, AZURE_RULE] }),
  deleteApiKey: route({ method: 'DELETE', path: '/apikeys/:id', summary: 'Delete a provider API key; refused with 400 while buckets or AI models use it', response: apikeys.DeleteApiKeyResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, '400 while any bucket or AI model uses the key ("is in use by …", naming each)'] }),

  listBuckets: route({ method: 'GET', path: '/bucket', summary: 'List storage buckets', query: buckets.ListBucketsQuery, response: buckets.ListBucketsResponse, access: 'read', rules: [READ_RULE] }),
  createBucket: route({ method: 'POST', path: '/bucket', summary: 'Create a storage bucket', body: buckets.CreateBucketRequest, response: buckets.CreateBucketResponse, access: 'write', rules: [WRITE_RULE, KEY_REF_RULE, 'without `apiKeyUuid`, both `key` and `secret`', '`name` unique in the organisation', '429 when the organisation is at its bucket quota'] }),
  updateBucket: route({ method: 'PUT', path: '/bucket/:id', summary: 'Update a storage bucket; apiKeyUuid re-points it at another key', body: buckets.UpdateBucketRequest, response: buckets.UpdateBucketResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, KEY_REF_RULE, '`name` unique in the organisation'] }),
  deleteBucket: route({ method: 'DELETE', path: '/bucket/:id', summary: 'Delete (soft) a storage bucket', response: buckets.DeleteBucketResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, '403 while a repository uses the bucket'] }),

  listAiLlms: route({ method: 'GET', path: '/ai/llm', summary: 'List AI model configurations', query: aiLlms.ListAiLlmsQuery, response: aiLlms.ListAiLlmsResponse, access: 'read', rules: [READ_RULE] }),
  createAiLlm: route({ method: 'POST', path: '/ai/llm', summary: 'Create an AI model configuration', body: aiLlms.CreateAiLlmRequest, response: aiLlms.CreateAiLlmResponse, access: 'write', rules: [WRITE_RULE, KEY_REF_RULE, '`name` unique in the workspace'] }),
  updateAiLlm: route({ method: 'PUT', path: '/ai/llm/:id', summary: 'Update an AI model configuration', body: aiLlms.UpdateAiLlmRequest, response: aiLlms.UpdateAiLlmResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, KEY_REF_RULE, '`name` unique in the workspace'] }),
  deleteAiLlm: route({ method: 'DELETE', path: '/ai/llm/:id', summary: 'Delete an AI model configuration', response: aiLlms.DeleteAiLlmResponse, access: 'write', rules: [FOUND_RULE, WRITE_RULE, '403 while a repository uses the configuration'] }),

  listWorkspaces: route({ method: 'GET', path: '/workspace', summary: 'List the workspaces the caller can see, with members', response: workspaces.ListWorkspacesResponse, access: 'none' }),
  listProviders: route({ method: 'GET', path: '/providers', summary: 'List supported provider types and their capabilities', response: providers.ListProvidersResponse, access: 'none' }),

  login: route({ method: 'POST', path: '/user/login', summary: 'Exchange credentials for session tokens', body: auth.LoginRequest, response: auth.TokenResponse, access: 'none', rules: ['401 when the e-mail and password do not match a user with a password'] }),
  refresh: route({ method: 'POST', path: '/user/refresh', summary: 'Renew the access token', body: auth.RefreshRequest, response: auth.TokenResponse, access: 'none', rules: ['401 when the refresh token is unknown'] }),
} satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export { SuccessBody };
