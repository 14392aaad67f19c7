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
}

const route = <R extends RouteDef>(r: R): R => r;

export const routes = {
  listApiKeys: route({ method: 'GET', path: '/apikeys', summary: 'List provider API keys with their usage counts', query: apikeys.ListApiKeysQuery, response: apikeys.ListApiKeysResponse, access: 'read' }),
  createApiKey: route({ method: 'POST', path: '/apikeys', summary: 'Create a provider API key', body: apikeys.CreateApiKeyRequest, response: apikeys.CreateApiKeyResponse, access: 'write' }),
  updateApiKey: route({ method: 'PUT', path: '/apikeys/:id', summary: 'Update a provider API key; only the fields sent change (null clears an optional field)', body: apikeys.UpdateApiKeyRequest, response: apikeys.UpdateApiKeyResponse, access: 'write' }),
  deleteApiKey: route({ method: 'DELETE', path: '/apikeys/:id', summary: 'Delete a provider API key; refused with 400 while buckets or AI models use it', response: apikeys.DeleteApiKeyResponse, access: 'write' }),

  listBuckets: route({ method: 'GET', path: '/bucket', summary: 'List storage buckets', query: buckets.ListBucketsQuery, response: buckets.ListBucketsResponse, access: 'read' }),
  createBucket: route({ method: 'POST', path: '/bucket', summary: 'Create a storage bucket', body: buckets.CreateBucketRequest, response: buckets.CreateBucketResponse, access: 'write' }),
  updateBucket: route({ method: 'PUT', path: '/bucket/:id', summary: 'Update a storage bucket; apiKeyUuid re-points it at another key', body: buckets.UpdateBucketRequest, response: buckets.UpdateBucketResponse, access: 'write' }),
  deleteBucket: route({ method: 'DELETE', path: '/bucket/:id', summary: 'Delete (soft) a storage bucket', response: buckets.DeleteBucketResponse, access: 'write' }),

  listAiLlms: route({ method: 'GET', path: '/ai/llm', summary: 'List AI model configurations', query: aiLlms.ListAiLlmsQuery, response: aiLlms.ListAiLlmsResponse, access: 'read' }),
  createAiLlm: route({ method: 'POST', path: '/ai/llm', summary: 'Create an AI model configuration', body: aiLlms.CreateAiLlmRequest, response: aiLlms.CreateAiLlmResponse, access: 'write' }),
  updateAiLlm: route({ method: 'PUT', path: '/ai/llm/:id', summary: 'Update an AI model configuration', body: aiLlms.UpdateAiLlmRequest, response: aiLlms.UpdateAiLlmResponse, access: 'write' }),
  deleteAiLlm: route({ method: 'DELETE', path: '/ai/llm/:id', summary: 'Delete an AI model configuration', response: aiLlms.DeleteAiLlmResponse, access: 'write' }),

  listWorkspaces: route({ method: 'GET', path: '/workspace', summary: 'List the workspaces the caller can see, with members', response: workspaces.ListWorkspacesResponse, access: 'none' }),
  listProviders: route({ method: 'GET', path: '/providers', summary: 'List supported provider types and their capabilities', response: providers.ListProvidersResponse, access: 'none' }),

  login: route({ method: 'POST', path: '/user/login', summary: 'Exchange credentials for session tokens', body: auth.LoginRequest, response: auth.TokenResponse, access: 'none' }),
  refresh: route({ method: 'POST', path: '/user/refresh', summary: 'Renew the access token', body: auth.RefreshRequest, response: auth.TokenResponse, access: 'none' }),
} satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export { SuccessBody };
