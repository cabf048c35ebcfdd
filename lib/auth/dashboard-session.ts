import { jwtVerify } from "jose";
import { identityPool } from "@/lib/auth/identity-pool";
import { serverConfig } from "@/lib/config";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { jwtCryptoKey } from "./secret-key";

/**
 * The signed-in person behind a request's Supabase session cookies, checked as strictly as
 * `supabase.auth.getUser()` (signature, expiry, and that the session still exists, so a
 * session signed out elsewhere is refused at once) but without a round trip to the Auth
 * server when it can be avoided: the hot path of POST /first-party-token.
 *
 *  - The cookie's session is read (`getSession` refreshes it through Auth only when expired,
 *    writing the new cookies).
 *  - A session JWT signed with the project's JWT secret (HS256; the Auth server's issuer and
 *    audience) is verified here, and its `session_id` looked up in `auth.sessions` — the
 *    check GoTrue's /user makes.
 *  - Anything else (e.g. a project on asymmetric signing keys) is asked of Auth: getUser().
 */
export interface DashboardUser {
  id: string;
}

async function verifiedLocally(token: string): Promise<{ sub: string; session_id: string } | null> {
  const config = serverConfig();
  try {
    const { payload } = await jwtVerify(token, await jwtCryptoKey(config.SUPABASE_JWT_SECRET), {
      algorithms: ["HS256"],
      issuer: `${config.NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, "")}/auth/v1`,
      audience: "authenticated",
      requiredClaims: ["sub", "exp", "session_id"],
    });
    if (payload.role !== "authenticated" || typeof payload.sub !== "string" || typeof payload.session_id !== "string") return null;
    return { sub: payload.sub, session_id: payload.session_id };
  } catch {
    return null;
  }
}

export async function dashboardUser(): Promise<DashboardUser | null> {
  const supabase = await createSupabaseServerClient();
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (!token) return null;

  const local = await verifiedLocally(token);
  if (local) {
    const { rowCount } = await identityPool().query(
      "SELECT 1 FROM auth.sessions WHERE id = $1::uuid AND user_id = $2::uuid AND (not_after IS NULL OR not_after > now())",
      [local.session_id, local.sub],
    );
    return rowCount ? { id: local.sub } : null;
  }
  const { data: checked, error } = await supabase.auth.getUser();
  return error || !checked.user ? null : { id: checked.user.id };
}
