import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toErrorResponse } from "@/lib/errors/http";
import { clientIpOf, enforceRateLimit, hitRateLimit, RATE_LIMITS, RateLimitedError } from "@/lib/rate-limit";
import { dashboardUser, type DashboardSessionConfig } from "./dashboard-session";
import { isSameOrigin, ownOrigins } from "./same-origin";
import { accessTokenClaims, signToken } from "./sign";
import { ACCESS_TOKEN_TTL_S, DASHBOARD_CLIENT_ID, SCOPE_READ, SCOPE_WRITE } from "./token-model";

export interface FirstPartyTokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}

export const FIRST_PARTY_TOKEN_PATH = "/first-party-token";

/** Addresses over their refusal limit, until their wait ends (a cache of the Postgres verdict). */
const refusedAddresses = (() => {
  const until = new Map<string, number>();
  return {
    waitSeconds(ip: string): number {
      const end = until.get(ip);
      if (end === undefined) return 0;
      if (end <= Date.now()) {
        until.delete(ip);
        return 0;
      }
      return Math.ceil((end - Date.now()) / 1000);
    },
    block(ip: string, seconds: number) {
      // Bounded: past 10,000 blocked addresses the expired ones go, then the oldest.
      if (until.size >= 10_000) {
        for (const [address, end] of until) if (end <= Date.now()) until.delete(address);
        if (until.size >= 10_000) until.delete(until.keys().next().value!);
      }
      until.set(ip, Date.now() + seconds * 1000);
    },
  };
})();

/** `appUrl` is also the token's issuer, and an origin requests may come from. */
export type FirstPartyConfig = DashboardSessionConfig;

/**
 * POST /first-party-token: the dashboard's session cookie in, the Busymate access token out
 * (read-write, client_id "busymate-dashboard") — the same token an OAuth client would hold.
 * Only our own pages may ask (CSRF: Origin / Sec-Fetch-Site), and the session is checked as
 * getUser() checks it (dashboard-session.ts), so a session ended elsewhere mints nothing.
 *
 * The custom server answers it before Next (like the OAuth endpoints): it is on every
 * dashboard tab's path every 14 minutes, and Next's per-request work would be most of its cost.
 * Errors are in the app's error shape.
 */
export async function handleFirstPartyToken(
  req: IncomingMessage,
  res: ServerResponse,
  config: FirstPartyConfig,
): Promise<void> {
  let response: Response;
  try {
    response = await firstPartyToken(req, res, config);
  } catch (error) {
    response = toErrorResponse(error);
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function firstPartyToken(req: IncomingMessage, res: ServerResponse, config: FirstPartyConfig): Promise<Response> {
  if (req.method !== "POST") {
    throw new AppError("METHOD_NOT_ALLOWED", "POST /first-party-token only.", "Send POST.", {
      headers: { Allow: "POST" },
    });
  }
  const header = (name: string) => [req.headers[name]].flat()[0];
  const host = header("host");
  if (
    !isSameOrigin(
      header("origin"),
      header("sec-fetch-site"),
      ownOrigins(config.appUrl, host ? `http://${host}` : undefined),
    )
  ) {
    throw new AppError(
      "FORBIDDEN",
      "Only Busymate's own pages may ask for a first-party token.",
      "Call it from the dashboard; other clients obtain tokens with OAuth (see /.well-known/oauth-authorization-server).",
    );
  }
  // An address that keeps sending no or forged sessions is stopped before the session work (a
  // forged cookie can cost a round trip to Auth). Refusals are counted in Postgres; once over the
  // limit the address is remembered here until its wait ends, so the hot path (a real session)
  // pays no extra query. People with sessions are limited per person.
  const ip = clientIpOf(req);
  const wait = refusedAddresses.waitSeconds(ip);
  if (wait > 0) throw new RateLimitedError(wait);
  const user = await dashboardUser(req, res, config);
  if (!user) {
    const refused = await hitRateLimit(config.pool, RATE_LIMITS.firstPartyTokenRefused, ip);
    if (!refused.allowed) {
      refusedAddresses.block(ip, refused.retryAfterSeconds);
      throw new RateLimitedError(refused.retryAfterSeconds);
    }
    throw new AppError(
      "UNAUTHORIZED",
      "There is no dashboard session: sign in first.",
      "Sign in at /sign-in; other clients obtain tokens with OAuth.",
    );
  }
  await enforceRateLimit(config.pool, RATE_LIMITS.firstPartyToken, user.id);

  const claims = accessTokenClaims({
    origin: config.appUrl,
    userId: user.id,
    clientId: DASHBOARD_CLIENT_ID,
    scope: `${SCOPE_READ} ${SCOPE_WRITE}`,
  });
  const body: FirstPartyTokenResponse = {
    access_token: await signToken(claims, config.tokenKeys),
    token_type: "bearer",
    expires_in: ACCESS_TOKEN_TTL_S,
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
}
