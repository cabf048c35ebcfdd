import { identityPool } from "@/lib/auth/identity-pool";
import { serverConfig } from "@/lib/config";
import { AppError } from "@/lib/http/errors";
import { enforceRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import { dashboardUser } from "./dashboard-session";
import { isSameOrigin, ownOrigins } from "./same-origin";
import { accessTokenClaims, signToken } from "./sign";
import { ACCESS_TOKEN_TTL_S, DASHBOARD_CLIENT_ID, SCOPE_READ, SCOPE_WRITE } from "./token-model";

export interface FirstPartyTokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}

/**
 * POST /first-party-token: the dashboard's session cookie in, the Busymate access token out
 * (read-write, client_id "busymate-dashboard") — the same token an OAuth client would hold.
 * Only our own pages may ask (CSRF: Origin / Sec-Fetch-Site), and the session is checked as
 * getUser() checks it (dashboard-session.ts), so a session ended elsewhere mints nothing.
 */
export async function firstPartyToken(request: Request): Promise<Response> {
  const config = serverConfig();
  if (!isSameOrigin(request.headers.get("origin"), request.headers.get("sec-fetch-site"), ownOrigins(config.appUrl, request.url))) {
    throw new AppError("FORBIDDEN", "Only Busymate's own pages may ask for a first-party token.", "Call it from the dashboard; other clients obtain tokens with OAuth (see /.well-known/oauth-authorization-server).");
  }
  const user = await dashboardUser();
  if (!user) throw new AppError("UNAUTHORIZED", "There is no dashboard session: sign in first.", "Sign in at /sign-in; other clients obtain tokens with OAuth.");
  await enforceRateLimit(identityPool(), RATE_LIMITS.firstPartyToken, user.id);

  const claims = accessTokenClaims({ origin: config.appUrl, userId: user.id, clientId: DASHBOARD_CLIENT_ID, scope: `${SCOPE_READ} ${SCOPE_WRITE}` });
  const body: FirstPartyTokenResponse = { access_token: await signToken(claims, config.SUPABASE_JWT_SECRET), token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S };
  return Response.json(body, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
}
