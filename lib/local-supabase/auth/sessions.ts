import { randomInt } from "node:crypto";
import { isIP } from "node:net";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db";
import { AuthError, badRequest } from "./errors";
import type { ApiKeys } from "../keys";
import { issueAccessToken } from "./jwt";
import { findUserById, touchLastSignIn } from "./users";
import { userJson, type UserRecord } from "./user-record";

/**
 * Sessions and refresh tokens in `auth.sessions` / `auth.refresh_tokens`, as GoTrue's
 * refresh-token algorithm v1 keeps them (`internal/models/refresh_token.go`,
 * `internal/tokens/service.go RefreshTokenGrant`): a session is a chain of 12-character
 * tokens, each exchange revokes the token used and issues its child.
 */

export interface TokenSettings {
  /** The project's keys: Auth signs with its current signing key, or the legacy secret. */
  keys: ApiKeys;
  issuer: string;
  expirySeconds: number;
  reuseIntervalSeconds: number;
}

export interface ClientInfo {
  userAgent?: string;
  ip: string;
}

/** The session JSON every grant answers with (`AccessTokenResponse`). */
export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** GoTrue's `crypto.SecureAlphanumeric(12)`; the refresh endpoint checks this exact shape. */
function newRefreshToken(): string {
  return Array.from({ length: 12 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join("");
}

const inetOrNull = (ip: string) => (isIP(ip) ? ip : null);

interface SessionRow {
  id: string;
  created_epoch: number;
}

async function insertRefreshToken(
  db: Queryable,
  userId: string,
  sessionId: string,
  parent: string | null,
): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `INSERT INTO auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     VALUES ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  return token;
}

async function tokenResponse(
  settings: TokenSettings,
  user: UserRecord,
  session: SessionRow,
  refreshToken: string,
): Promise<TokenResponse> {
  const access = await issueAccessToken(settings.keys, settings.issuer, settings.expirySeconds, user, {
    id: session.id,
    createdAtEpoch: session.created_epoch,
  });
  return {
    access_token: access.token,
    token_type: "bearer",
    expires_in: settings.expirySeconds,
    expires_at: access.expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

/** A fresh session for a signed-in user (GoTrue's `IssueRefreshToken`), inside the caller's transaction. */
export async function startSession(
  db: Queryable,
  settings: TokenSettings,
  userId: string,
  client: ClientInfo,
): Promise<TokenResponse> {
  const { rows } = await db.query<SessionRow>(
    `INSERT INTO auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     VALUES (gen_random_uuid(), $1, now(), now(), 'aal1', $2, $3::inet)
     RETURNING id, extract(epoch FROM created_at)::bigint::float8 AS created_epoch`,
    [userId, client.userAgent ?? null, inetOrNull(client.ip)],
  );
  const refreshToken = await insertRefreshToken(db, userId, rows[0].id, null);
  await touchLastSignIn(db, userId);
  const user = await findUserById(db, userId);
  if (!user) throw new Error(`user ${userId} vanished while signing in`);
  return tokenResponse(settings, user, rows[0], refreshToken);
}

/** GoTrue checks the shape before touching the database (`RefreshTokenGrantParams.Validate`). */
export function checkRefreshTokenShape(token: string): void {
  if (!/^[a-z0-9]{12}$/.test(token)) throw badRequest("validation_failed", "Refresh token is not valid");
}

interface RefreshTokenRow {
  id: string;
  token: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  user_id: string;
  within_reuse_interval: boolean;
}

type RefreshOutcome = { ok: TokenResponse } | { refused: AuthError };

/**
 * The refresh-token grant with rotation. All exchanges of one session queue on the session's
 * row lock, so concurrent refreshes see each other's results. A revoked token may be reused:
 *  - it is the parent of the session's active token (the client never stored the last
 *    answer): the active token is handed back, at any time, as GoTrue does;
 *  - it was revoked less than the reuse interval ago (concurrent refreshes, e.g. several
 *    tabs): the active token is handed back too;
 *  - otherwise it is a replay: the session is deleted (every token and every access token of
 *    it stops working) and the answer is `refresh_token_already_used`. GoTrue's v1 algorithm
 *    only revokes the tokens; its v2 algorithm deletes the session, which we follow.
 */
export async function refreshSession(
  pool: pg.Pool,
  settings: TokenSettings,
  token: string,
  client: ClientInfo,
): Promise<TokenResponse> {
  const outcome = await inTransaction<RefreshOutcome>(pool, async (db) => {
    const notFound = () => ({
      refused: badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"),
    });
    const { rows: first } = await db.query<{ session_id: string | null }>(
      "SELECT session_id FROM auth.refresh_tokens WHERE token = $1",
      [token],
    );
    if (!first[0]) return notFound();
    if (!first[0].session_id) {
      await db.query("DELETE FROM auth.refresh_tokens WHERE token = $1", [token]);
      return { refused: badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found") };
    }
    const { rows: sessions } = await db.query<SessionRow & { expired: boolean }>(
      `SELECT id, extract(epoch FROM created_at)::bigint::float8 AS created_epoch, coalesce(not_after < now(), false) AS expired
         FROM auth.sessions WHERE id = $1 FOR UPDATE`,
      [first[0].session_id],
    );
    const session = sessions[0];
    // Read again under the lock: a concurrent exchange may have rotated or deleted it meanwhile.
    const { rows } = await db.query<RefreshTokenRow>(
      `SELECT id, token, revoked, parent, session_id, user_id, updated_at + make_interval(secs => $2) > now() AS within_reuse_interval
         FROM auth.refresh_tokens WHERE token = $1`,
      [token, settings.reuseIntervalSeconds],
    );
    const current = rows[0];
    if (!current) return notFound();
    if (!session) return { refused: badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found") };
    const user = await findUserById(db, current.user_id);
    if (!user) return notFound();
    if (user.banned) return { refused: badRequest("user_banned", "Invalid Refresh Token: User Banned") };
    if (session.expired) return { refused: badRequest("session_expired", "Invalid Refresh Token: Session Expired") };

    let issued: string;
    if (current.revoked) {
      const { rows: active } = await db.query<{ token: string; parent: string | null }>(
        "SELECT token, parent FROM auth.refresh_tokens WHERE session_id = $1 AND NOT revoked ORDER BY id DESC LIMIT 1",
        [session.id],
      );
      const isParentOfActive = active[0]?.parent === current.token;
      if (active[0] && (isParentOfActive || current.within_reuse_interval)) {
        issued = active[0].token;
      } else {
        await db.query("DELETE FROM auth.sessions WHERE id = $1", [session.id]);
        return { refused: badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used") };
      }
    } else {
      await db.query("UPDATE auth.refresh_tokens SET revoked = true, updated_at = now() WHERE id = $1", [current.id]);
      issued = await insertRefreshToken(db, user.id, session.id, current.token);
    }
    await db.query(
      "UPDATE auth.sessions SET refreshed_at = now() AT TIME ZONE 'UTC', updated_at = now(), user_agent = $2, ip = $3::inet WHERE id = $1",
      [session.id, client.userAgent ?? null, inetOrNull(client.ip)],
    );
    return { ok: await tokenResponse(settings, user, session, issued) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.ok;
}

export type LogoutScope = "global" | "local" | "others";

/** GoTrue's `Logout`: without a session in the token, every session of the user goes. */
export async function endSessions(
  db: Queryable,
  userId: string,
  sessionId: string | undefined,
  scope: LogoutScope,
): Promise<void> {
  if (sessionId && scope === "local") {
    await db.query("DELETE FROM auth.sessions WHERE id = $1", [sessionId]);
  } else if (sessionId && scope === "others") {
    await db.query("DELETE FROM auth.sessions WHERE user_id = $1 AND id <> $2", [userId, sessionId]);
  } else {
    await db.query("DELETE FROM auth.sessions WHERE user_id = $1", [userId]);
  }
}
