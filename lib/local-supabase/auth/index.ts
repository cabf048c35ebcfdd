import { sendJson } from "../http";
import { upstreamToken } from "../keys";
import type { Service, StandInContext } from "../service";
import type { AuthContext } from "./context";
import { sqlState } from "./db";
import { AuthError, badRequest, sendAuthError, unexpectedFailure } from "./errors";
import { resolveAuthOptions } from "./options";
import { createRateLimiter } from "./rate-limit";
import { findRoute } from "./router";

/**
 * GoTrue-compatible Auth under /auth/v1, for the unmodified auth-js and @supabase/ssr:
 * email sign-up (confirmed at once, as the CLI's local stack does), password and
 * refresh-token grants with rotation, the user endpoints, logout with scope, and the admin
 * user API for the service-role key. State lives in the `auth` schema; see the files beside
 * this one for each concern.
 */
export function createAuthService(context: StandInContext): Service {
  const options = resolveAuthOptions(context.auth);
  const longestWindow = Math.max(...Object.values(options.rateLimits).map((limit) => limit.windowSeconds));
  const auth: AuthContext = {
    pool: context.pool,
    keys: context.keys,
    options,
    tokens: {
      keys: context.keys,
      issuer: `${context.url}/auth/v1`,
      expirySeconds: options.jwtExpirySeconds,
      reuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds,
    },
    limiter: createRateLimiter(context.pool, longestWindow),
  };

  return {
    async handle(req, res, path, url) {
      try {
        // What Supabase's gateway answers for an opaque key that is not this project's.
        if (upstreamToken(context.keys, req.headers).invalidKey) {
          return sendJson(res, 401, {
            message: "Invalid API key",
            hint: "Double check your Supabase `anon` or `service_role` API key.",
          });
        }
        const { handler, params } = findRoute(req.method ?? "GET", path);
        await handler(auth, { req, res, url, params });
      } catch (error) {
        if (error instanceof AuthError) return sendAuthError(req, res, error);
        // A value PostgreSQL cannot store (too long, out of range) is the caller's input, not our fault.
        if (sqlState(error)?.startsWith("22"))
          return sendAuthError(req, res, badRequest("validation_failed", (error as Error).message));
        context.log(`auth: unexpected error on ${req.method} ${path}: ${(error as Error).stack ?? error}`);
        if (res.headersSent) res.destroy();
        else sendAuthError(req, res, unexpectedFailure());
      }
    },
    async close() {},
  };
}
