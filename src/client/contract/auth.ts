import { z } from 'zod';
import { SuccessBody, text } from './common';
import { MAX_LENGTH } from './limits';

/**
 * Session tokens. The public docs name the calls and the refresh body (`refresh_token`) but
 * not the answer's fields; we read `accessToken`/`refreshToken` (and accept the snake_case
 * spelling) so either form the server chooses works.
 */
export const LoginRequest = z.strictObject({ email: text(MAX_LENGTH.email, { min: 1 }), password: text(MAX_LENGTH.password, { min: 1 }) });
export const RefreshRequest = z.strictObject({ refresh_token: text(MAX_LENGTH.token, { min: 1 }) });

export const TokenResponse = SuccessBody.extend({
  accessToken: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
}).refine((b) => b.accessToken ?? b.access_token, 'the token response carries no access token');
