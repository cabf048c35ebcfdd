import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type pg from "pg";
import type { AuthServiceOverrides } from "./auth/options";
import type { ApiKeys } from "./keys";

/** What every part of the stand-in shares. */
export interface StandInContext {
  /** Connects as the database owner; every request narrows itself with `SET LOCAL ROLE`. */
  pool: pg.Pool;
  databaseUrl: string;
  keys: ApiKeys;
  /** This stand-in's own origin, e.g. http://127.0.0.1:54321. */
  url: string;
  log: (line: string) => void;
  /** Auth settings that differ from the CLI defaults (tests shorten limits and intervals). */
  auth?: AuthServiceOverrides;
  /** REST's exposed schemas (PostgREST's `db-schemas`), the first the default; `public` alone unless set. */
  restSchemas?: string[];
}

/**
 * One Supabase service mounted under its path prefix (`/auth/v1`, `/rest/v1`,
 * `/realtime/v1`). `path` is what follows the prefix, always starting with "/".
 */
export interface Service {
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void>;
  /** WebSocket upgrades under the prefix; services without one refuse the upgrade. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL): void;
  close(): Promise<void>;
}
