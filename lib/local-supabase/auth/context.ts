import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import { clientIp, header } from "../http";
import type { ApiKeys } from "../keys";
import type { AuthServiceOptions } from "./options";
import type { RateLimiter } from "./rate-limit";
import type { ClientInfo, TokenSettings } from "./sessions";

/** What every Auth handler is given. */
export interface AuthContext {
  pool: pg.Pool;
  keys: ApiKeys;
  options: AuthServiceOptions;
  tokens: TokenSettings;
  limiter: RateLimiter;
}

export interface AuthRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters, e.g. `id` of `/admin/users/{id}`. */
  params: Record<string, string>;
}

export type Handler = (context: AuthContext, request: AuthRequest) => Promise<void>;

export function clientInfo(req: IncomingMessage): ClientInfo {
  return { userAgent: header(req, "user-agent"), ip: clientIp(req) };
}
