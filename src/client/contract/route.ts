import type { z } from 'zod';

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

export const route = <R extends RouteDef>(r: R): R => r;

/** Rules several collections state in the same words. */
export const RULES = {
  read: '403 when `workspaceId` names a workspace the caller cannot read',
  write: '403 when the caller cannot write to the workspace',
  found: '404 when no such object is in a workspace the caller can see',
  keyRef: '`apiKeyUuid` must name a live key of the same workspace',
} as const;
