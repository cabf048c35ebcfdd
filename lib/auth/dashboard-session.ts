import type { IncomingMessage, ServerResponse } from "node:http";
import {
  combineChunks,
  createServerClient,
  parseCookieHeader,
  serializeCookieHeader,
  stringFromBase64URL,
} from "@supabase/ssr";
import { jwtVerify, type JWTVerifyGetKey } from "jose";
import type pg from "pg";
import { verificationMaterial } from "./key-material";
import { sessionCookieOptions } from "@/lib/supabase/cookie-options";
import { jwtCryptoKey } from "./secret-key";
import type { TokenKeys } from "./token-keys";

/**
 * The signed-in person behind a request's Supabase session cookies, checked as strictly as
 * `supabase.auth.getUser()` (signature, expiry, and that the session still exists, so a
 * session signed out elsewhere is refused at once) but without a round trip to the Auth
 * server when it can be avoided: the hot path of POST /first-party-token.
 *
 *  - The session cookie is read as @supabase/ssr writes it (chunks, `base64-` prefix); making a
 *    supabase-js client costs ~1 ms of CPU, so it is made only when needed.
 *  - A session JWT signed with a key Busymate holds (the Auth server's issuer and audience) with
 *    a minute or more to live is verified here, and its `session_id` looked up in
 *    `auth.sessions` — the check GoTrue's /user makes. Busymate holds the legacy secret (HS256)
 *    and, in asymmetric mode, the key the project imported and rotated to, which Auth then
 *    signs sessions with too (ES256 by `kid`).
 *  - Anything else goes through supabase-js: an expiring session is refreshed (the new cookies
 *    are appended to the response), a session signed by a key of the project's own is asked
 *    with getUser().
 */
export interface DashboardSessionConfig {
  supabaseUrl: string;
  publishableKey: string;
  /** Busymate's token keys (lib/auth/token-keys.ts). */
  tokenKeys: TokenKeys;
  /** The legacy JWT secret, when set beside a signing key: sessions Auth still signs with it verify locally. */
  jwtSecret?: string;
  pool: pg.Pool;
  /** The app's origin: a refreshed session's cookies are Secure when it is https. */
  appUrl: string;
}

/** The session keys Busymate can check locally: its own, and the legacy secret when it has it. */
async function sessionKeys(config: DashboardSessionConfig): Promise<{ algorithms: string[]; key: JWTVerifyGetKey }> {
  const own = await verificationMaterial(config.tokenKeys);
  const secret =
    config.tokenKeys.mode === "asymmetric" && config.jwtSecret ? await jwtCryptoKey(config.jwtSecret) : undefined;
  const algorithms = [...own.algorithms, ...(secret ? ["HS256"] : [])];
  const key: JWTVerifyGetKey = (header, token) => {
    if (header.alg === "HS256" && secret) return secret;
    return typeof own.key === "function" ? own.key(header, token) : own.key;
  };
  return { algorithms, key };
}

export interface DashboardUser {
  id: string;
}

async function verifiedLocally(
  token: string,
  config: DashboardSessionConfig,
): Promise<{ sub: string; session_id: string } | null> {
  try {
    const { algorithms, key } = await sessionKeys(config);
    const { payload } = await jwtVerify(token, key, {
      algorithms,
      issuer: `${config.supabaseUrl.replace(/\/+$/, "")}/auth/v1`,
      audience: "authenticated",
      requiredClaims: ["sub", "exp", "session_id"],
    });
    if (payload.role !== "authenticated" || typeof payload.sub !== "string" || typeof payload.session_id !== "string")
      return null;
    return { sub: payload.sub, session_id: payload.session_id };
  } catch {
    return null;
  }
}

/** supabase-js's cookie name for a project URL: `sb-<first host label>-auth-token`. */
export function sessionCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}

/** The access token in the session cookie, if it has at least `marginS` seconds to live. */
export async function cookieAccessToken(
  cookies: Map<string, string>,
  supabaseUrl: string,
  marginS = 60,
): Promise<string | null> {
  const raw = await combineChunks(sessionCookieName(supabaseUrl), (name) => cookies.get(name));
  if (!raw) return null;
  try {
    const session = JSON.parse(raw.startsWith("base64-") ? stringFromBase64URL(raw.slice("base64-".length)) : raw) as {
      access_token?: unknown;
      expires_at?: unknown;
    };
    if (typeof session.access_token !== "string" || typeof session.expires_at !== "number") return null;
    return session.expires_at - Date.now() / 1000 > marginS ? session.access_token : null;
  } catch {
    return null;
  }
}

async function confirmSession(
  local: { sub: string; session_id: string },
  pool: pg.Pool,
): Promise<DashboardUser | null> {
  const { rowCount } = await pool.query(
    "SELECT 1 FROM auth.sessions WHERE id = $1::uuid AND user_id = $2::uuid AND (not_after IS NULL OR not_after > now())",
    [local.session_id, local.sub],
  );
  return rowCount ? { id: local.sub } : null;
}

export async function dashboardUser(
  req: IncomingMessage,
  res: ServerResponse,
  config: DashboardSessionConfig,
): Promise<DashboardUser | null> {
  const parsed = parseCookieHeader(req.headers.cookie ?? "");
  const cookies = new Map(parsed.map(({ name, value }) => [name, value ?? ""]));
  const fresh = await cookieAccessToken(cookies, config.supabaseUrl);
  const fast = fresh ? await verifiedLocally(fresh, config) : null;
  if (fast) return confirmSession(fast, config.pool);

  const supabase = createServerClient(config.supabaseUrl, config.publishableKey, {
    cookieOptions: sessionCookieOptions(config.appUrl),
    cookies: {
      getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
      setAll(list) {
        for (const { name, value, options } of list)
          res.appendHeader("Set-Cookie", serializeCookieHeader(name, value, options));
      },
    },
  });
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (!token) return null;
  const local = await verifiedLocally(token, config);
  if (local) return confirmSession(local, config.pool);
  const { data: checked, error } = await supabase.auth.getUser();
  return error || !checked.user ? null : { id: checked.user.id };
}
