import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import { ownerPool } from "@/lib/db/pool";
import { FIRST_PARTY_TOKEN_PATH, handleFirstPartyToken } from "@/lib/auth/first-party";
import { serverConfig } from "@/lib/config";
import { stampClientIp } from "@/lib/rate-limit";
import { frontDoor } from "@/lib/security/front-door";
import { createOAuthDispatcher, type OAuthDispatcher } from "./dispatcher";
import type { TokenKeys } from "@/lib/auth/token-keys";
import type { OAuthProviderOptions } from "./provider";

export interface IdentityMount {
  /** True when the request was answered here; false → hand it to Next. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  dispatcher: OAuthDispatcher;
  close(): Promise<void>;
}

export interface IdentityMountOptions {
  appUrl: string;
  /** What Busymate signs and verifies its tokens with. */
  tokenKeys: TokenKeys;
  /** The project's legacy JWT secret, if Busymate has it (always in legacy mode). */
  jwtSecret?: string;
  supabaseUrl: string;
  publishableKey: string;
  pool: pg.Pool;
  fetch?: OAuthProviderOptions["fetch"];
  allowLoopbackFetch?: boolean;
}

/**
 * What the custom server puts in front of Next: the trusted client address on every request
 * (for rate limits), the security headers and CSRF refusal (lib/security/front-door.ts), then
 * POST /first-party-token and the OAuth authorization server's paths.
 */
export function createIdentityMount(options: IdentityMountOptions): IdentityMount {
  const dispatcher = createOAuthDispatcher({
    origin: options.appUrl,
    tokenKeys: options.tokenKeys,
    pool: options.pool,
    fetch: options.fetch,
    allowLoopbackFetch: options.allowLoopbackFetch,
  });
  return {
    dispatcher,
    handle(req, res) {
      stampClientIp(req);
      if (frontDoor(req, res, options.appUrl)) return true;
      if (URL.parse(req.url ?? "/", "http://x")?.pathname === FIRST_PARTY_TOKEN_PATH) {
        handleFirstPartyToken(req, res, options).catch((error: unknown) => {
          console.error("[busymate] first-party token failed", error);
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
        return true;
      }
      return dispatcher.handle(req, res);
    },
    close: () => dispatcher.close(),
  };
}

/** The mount for the running app, from its configuration. */
export function mountIdentity(): IdentityMount {
  const config = serverConfig();
  const mount = createIdentityMount({
    appUrl: config.appUrl,
    tokenKeys: config.tokenKeys,
    jwtSecret: config.SUPABASE_JWT_SECRET,
    supabaseUrl: config.NEXT_PUBLIC_SUPABASE_URL,
    publishableKey: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    pool: ownerPool(),
    allowLoopbackFetch: config.BUSYMATE_FETCH_ALLOW_LOOPBACK,
  });
  return mount;
}
