import type { IncomingMessage, ServerResponse } from "node:http";
import { closeIdentityPool, identityPool } from "@/lib/auth/identity-pool";
import { serverConfig } from "@/lib/config";
import { stampClientIp } from "@/lib/rate-limit";
import { createOAuthDispatcher } from "./dispatcher";

export interface IdentityMount {
  /** True when the request was answered here (OAuth); false → hand it to Next. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

/**
 * What the custom server puts in front of Next: the trusted client address on every request
 * (for rate limits), then the OAuth authorization server's paths.
 */
export function mountIdentity(): IdentityMount {
  const config = serverConfig();
  const dispatcher = createOAuthDispatcher({ origin: config.appUrl, jwtSecret: config.SUPABASE_JWT_SECRET, pool: identityPool() });
  return {
    handle(req, res) {
      stampClientIp(req);
      return dispatcher.handle(req, res);
    },
    async close() {
      await dispatcher.close();
      await closeIdentityPool();
    },
  };
}
