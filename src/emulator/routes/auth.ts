import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { routes } from '../../client/contract';
import { randomToken, tokenHash, verifyPassword } from '../crypto';
import { nowIso } from '../db';
import { type EmulatorContext, fail, ok, servePublic } from '../http';

/**
 * `POST /user/login` and `POST /user/refresh`. Each issues a new access token; earlier access
 * tokens (the seeded one included) stay valid, and the refresh token is not rotated: the
 * emulator has no token expiry. To test a client's refresh path, configure it with an unknown
 * access token and a valid refresh token.
 */
export function registerAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { st, box } = ctx;

  const issueAccessToken = (userId: string): string => {
    const token = randomToken('fbe');
    st.get("INSERT INTO tokens (hash, user_id, kind, seeded, sealed, created_at) VALUES (?, ?, 'access', 0, NULL, ?)").run(tokenHash(token), userId, nowIso());
    return token;
  };

  servePublic(app, ctx, routes.refresh, ({ body }) => {
    const row = st.get("SELECT user_id FROM tokens WHERE hash = ? AND kind = 'refresh'").get(tokenHash(body.refresh_token)) as { user_id: string } | undefined;
    if (!row) return fail(401, 'Invalid refresh token');
    return ok<typeof routes.refresh>({ success: true, accessToken: issueAccessToken(row.user_id), refreshToken: body.refresh_token });
  });

  servePublic(app, ctx, routes.login, ({ body }) => {
    const user = st.get('SELECT id, password_hash FROM users WHERE email = ?').get(body.email) as { id: string; password_hash: string | null } | undefined;
    // Verify against a dummy hash too, so that timing does not tell which emails exist.
    const ok1 = verifyPassword(body.password, user?.password_hash ?? DUMMY_HASH) && user?.password_hash != null;
    if (!user || !ok1) return fail(401, 'Invalid email or password');
    const refresh = st.get("SELECT hash, sealed FROM tokens WHERE user_id = ? AND kind = 'refresh' AND seeded = 1").get(user.id) as { hash: string; sealed: Buffer | null } | undefined;
    const refreshToken = refresh?.sealed ? box.open(refresh.sealed, `tokens:${refresh.hash}`) : undefined;
    return ok<typeof routes.login>({ success: true, accessToken: issueAccessToken(user.id), ...(refreshToken ? { refreshToken } : {}) });
  });
}

const DUMMY_HASH = `scrypt$${Buffer.from(randomUUID()).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
