import type { IncomingMessage, ServerResponse } from "node:http";
import { errors, type default as Provider } from "oidc-provider";
import { appResources, BUSYMATE_SCOPES, isBusymateScope, normaliseOrigin } from "@/lib/auth/token-model";
import { clientIpOf, hitRateLimit, RATE_LIMITS, type RateLimitPolicy } from "@/lib/rate-limit";
import { sweepExpiredOAuthState } from "./adapter";
import { handleInteraction } from "./interactions";
import { JWKS_PATHS, publishedJwks } from "./jwks";
import { createOAuthProvider, OAUTH_ROUTES, type OAuthProviderOptions } from "./provider";

/**
 * The part of the custom server that answers OAuth before Next sees a request: oidc-provider's
 * endpoints (/oauth/*, discovery), the protected-resource metadata, and the interactions.
 * `handle` returns false for every other path, which then goes to Next.
 */
export interface OAuthDispatcher {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The authorization server, made on first use (see below). */
  provider(): Promise<Provider>;
  close(): Promise<void>;
}

const DISCOVERY = new Set(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]);
const PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
const SWEEP_EVERY_MS = 10 * 60 * 1000;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify(body));
}

/** RFC 9728 metadata for the app (`/`) or its MCP endpoint (`/mcp`), path-inserted. */
function protectedResourceMetadata(origin: string, resourcePath: string) {
  const { app, mcp } = appResources(origin);
  return {
    resource: resourcePath === "/mcp" ? mcp : app,
    authorization_servers: [app],
    scopes_supported: [...BUSYMATE_SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "Busymate",
    resource_documentation: `${app}/llms.txt`,
  };
}

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "*",
};

/** Rate limits in front of oidc-provider: over the limit → 429 with an RFC 6749-style body. */
const LIMITED: Record<string, RateLimitPolicy> = {
  [OAUTH_ROUTES.registration]: RATE_LIMITS.oauthRegister,
  [OAUTH_ROUTES.token]: RATE_LIMITS.oauthToken,
};

/**
 * The authorization server is made on the first OAuth request, not at start: it reads its
 * signing key from the database, and the app must start (and say on /health/ready which
 * migrations are pending) even before a production database is migrated.
 */
export function createOAuthDispatcher(options: OAuthProviderOptions): OAuthDispatcher {
  const origin = normaliseOrigin(options.origin);
  const issuerUrl = new URL(origin);
  const { pool } = options;
  let made: Promise<{ provider: Provider; callback: ReturnType<Provider["callback"]> }> | undefined;

  function ensureProvider() {
    made ??= createOAuthProvider({ ...options, origin }).then(
      (provider) => {
        provider.on("server_error", (_ctx, error) => console.error("[busymate] OAuth server error", error));
        // A path or method oidc-provider has no route for would leave Koa's bare "Not Found" /
        // "Method Not Allowed" text; answer in RFC 6749's shape like every other OAuth error.
        provider.use(async (ctx, next) => {
          await next();
          if ((ctx.status === 404 || ctx.status === 405) && (ctx.body === undefined || ctx.body === null)) {
            const status = ctx.status;
            ctx.body = {
              error: status === 404 ? "not_found" : "invalid_request",
              error_description: `no OAuth endpoint for ${ctx.method} ${ctx.path}`,
            };
            ctx.status = status;
          }
        });
        provider.on("grant.revoked", (_ctx, grantId: string) => {
          void pool
            .query("DELETE FROM busymate_identity.oauth_authorizations WHERE grant_id = $1", [grantId])
            .catch(() => undefined);
        });
        return { provider, callback: provider.callback() };
      },
      (error: unknown) => {
        made = undefined; // try again on the next request
        throw error;
      },
    );
    return made;
  }

  const sweeper = setInterval(() => void sweepExpiredOAuthState(pool).catch(() => undefined), SWEEP_EVERY_MS);
  sweeper.unref();

  async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (pathname === PROTECTED_RESOURCE || pathname.startsWith(`${PROTECTED_RESOURCE}/`)) {
      const resourcePath = pathname.slice(PROTECTED_RESOURCE.length) || "/";
      if (resourcePath !== "/" && resourcePath !== "/mcp")
        return json(res, 404, { error: "not_found", error_description: "no protected resource here" }, CORS);
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS);
        return void res.end();
      }
      return json(res, 200, protectedResourceMetadata(origin, resourcePath), {
        ...CORS,
        "Cache-Control": "public, max-age=300",
      });
    }
    if (JWKS_PATHS.has(pathname)) {
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS);
        return void res.end();
      }
      if (req.method !== "GET" && req.method !== "HEAD")
        return json(res, 405, { error: "invalid_request", error_description: "GET only" }, { Allow: "GET" });
      // Ten minutes, as Supabase's own JWKS: a rotation publishes the next key that long before using it.
      return json(res, 200, await publishedJwks(options.tokenKeys, pool), {
        ...CORS,
        "Cache-Control": "public, max-age=600",
      });
    }
    const { provider, callback } = await ensureProvider();
    if (pathname.startsWith("/interaction/")) return handleInteraction({ provider, pool, origin }, req, res, pathname);

    const policy = req.method === "POST" ? LIMITED[pathname] : undefined;
    if (policy) {
      const limit = await hitRateLimit(pool, policy, clientIpOf(req));
      if (!limit.allowed) {
        return json(
          res,
          429,
          {
            error: "temporarily_unavailable",
            error_description: `too many requests; retry in ${limit.retryAfterSeconds} s`,
          },
          { "Retry-After": String(limit.retryAfterSeconds), "Cache-Control": "no-store" },
        );
      }
    }
    if (req.method === "GET" && pathname === "/oauth/authorize") defaultScope(req);
    // Every URL oidc-provider builds comes from the issuer, never from what a client sent.
    req.headers.host = issuerUrl.host;
    req.headers["x-forwarded-proto"] = issuerUrl.protocol.replace(":", "");
    delete req.headers["x-forwarded-host"];
    await callback(req, res);
  }

  /**
   * A client that names no Busymate scope (MCP clients omit it when neither the challenge nor the
   * resource metadata helped) asks for both; the person still chooses read-only or read-write on
   * the consent page. Without this the grant would hold no scope and the code exchange would fail
   * with an obscure invalid_grant.
   */
  function defaultScope(req: IncomingMessage): void {
    const url = new URL(req.url ?? "/", issuerUrl);
    const named = (url.searchParams.get("scope") ?? "").split(" ").some(isBusymateScope);
    if (named) return;
    url.searchParams.set("scope", [url.searchParams.get("scope"), ...BUSYMATE_SCOPES].filter(Boolean).join(" "));
    req.url = `${url.pathname}${url.search}`;
  }

  return {
    provider: async () => (await ensureProvider()).provider,
    handle(req, res) {
      const pathname = URL.parse(req.url ?? "/", "http://x")?.pathname ?? "/";
      const ours =
        pathname.startsWith("/oauth/") ||
        DISCOVERY.has(pathname) ||
        JWKS_PATHS.has(pathname) ||
        pathname.startsWith(PROTECTED_RESOURCE) ||
        pathname.startsWith("/interaction/");
      if (!ours) return false;
      route(req, res, pathname).catch((error: unknown) => {
        if (error instanceof errors.OIDCProviderError && !res.headersSent) {
          return json(res, error.statusCode, { error: error.error, error_description: error.error_description });
        }
        console.error("[busymate] OAuth request failed", error);
        if (!res.headersSent)
          json(
            res,
            503,
            {
              error: "temporarily_unavailable",
              error_description: "the authorization server is unavailable; try again shortly",
            },
            { "Retry-After": "5" },
          );
        else res.destroy();
      });
      return true;
    },
    async close() {
      clearInterval(sweeper);
    },
  };
}
