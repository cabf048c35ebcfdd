import http from "node:http";
import type { Socket } from "node:net";
import pg from "pg";
import { createAuthService } from "./auth";
import { answerPreflight, applyCors, loggableUrl } from "./http";
import type { AuthServiceOverrides } from "./auth/options";
import type { ApiKeys } from "./keys";
import { createRealtimeService } from "./realtime";
import { createRestService } from "./rest";
import type { Service, StandInContext } from "./service";

/**
 * The local Supabase stand-in: Auth, REST and Realtime on one origin with the Supabase
 * CLI's URL layout, so the unmodified supabase-js and @supabase/ssr work against the
 * embedded PostgreSQL. It exists for the embedded default only and refuses to start in
 * production mode, where a real Supabase project serves these paths.
 */
export interface LocalSupabaseOptions {
  mode: "embedded" | "production";
  host: string;
  port: number;
  databaseUrl: string;
  keys: ApiKeys;
  /** One line per request and per notable event; defaults to silence. */
  log?: (line: string) => void;
  /** Auth settings that differ from the Supabase CLI defaults. */
  auth?: AuthServiceOverrides;
  /** REST's exposed schemas, the first the default (Supabase's `[api] schemas`); `public` alone unless set. */
  restSchemas?: string[];
}

export interface LocalSupabase {
  url: string;
  close(): Promise<void>;
}

export class ProductionModeError extends Error {
  constructor() {
    super(
      "The local Supabase stand-in runs only in embedded mode; in production a Supabase project serves Auth, REST and Realtime.",
    );
    this.name = "ProductionModeError";
  }
}

const PREFIXES = ["/auth/v1", "/rest/v1", "/realtime/v1"] as const;
type Prefix = (typeof PREFIXES)[number];

function route(pathname: string): { prefix: Prefix; path: string } | undefined {
  for (const prefix of PREFIXES) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`))
      return { prefix, path: pathname.slice(prefix.length) || "/" };
  }
  return undefined;
}

export async function startLocalSupabase(options: LocalSupabaseOptions): Promise<LocalSupabase> {
  if (options.mode !== "embedded") throw new ProductionModeError();
  const url = `http://${options.host}:${options.port}`;
  const log = options.log ?? (() => undefined);
  // PostgREST's default pool is 10; a little more headroom for Realtime's authorisation probes.
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 20,
    application_name: "busymate-local-supabase",
  });
  pool.on("error", (error) => log(`pool error: ${error.message}`));
  const context: StandInContext = {
    pool,
    databaseUrl: options.databaseUrl,
    keys: options.keys,
    url,
    log,
    auth: options.auth,
    restSchemas: options.restSchemas,
  };

  const services: Record<Prefix, Service> = {
    "/auth/v1": createAuthService(context),
    "/rest/v1": createRestService(context),
    "/realtime/v1": await createRealtimeService(context),
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    res.once("finish", () =>
      log(`${req.method} ${loggableUrl(req.url)} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`),
    );
    applyCors(req, res);
    if (req.method === "OPTIONS") return answerPreflight(req, res);
    const requestUrl = new URL(req.url ?? "/", url);
    const target = route(requestUrl.pathname);
    if (!target) {
      // What Supabase's gateway answers for a path no service owns.
      res.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: "no Route matched with those values" }));
      return;
    }
    services[target.prefix].handle(req, res, target.path, requestUrl).catch((error: unknown) => {
      log(`unhandled error on ${req.method} ${loggableUrl(req.url)}: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message: "An unexpected error occurred in the local Supabase stand-in." }));
      } else {
        res.destroy();
      }
    });
  });

  // Node answers a request it cannot parse (a URL or headers over its 16 KiB limit, e.g. a
  // long in.() list) with a bare status line; clients then see no body at all. Say why in JSON,
  // with the keys PostgREST's errors have, so supabase-js surfaces the message.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      code: String(status),
      message: tooLarge ? "The request's URL and headers are too large." : "The request is not valid HTTP.",
      details: tooLarge ? "The request line and headers may be at most 16 KiB together." : null,
      hint: tooLarge ? "Send long lists in the body of a POST (an RPC function) instead of the query string." : null,
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (req, socket, head) => {
    const requestUrl = new URL(req.url ?? "/", url);
    const target = route(requestUrl.pathname);
    const service = target && services[target.prefix];
    if (!target || !service?.upgrade) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    log(`UPGRADE ${requestUrl.pathname}`);
    service.upgrade(req, socket, head, target.path, requestUrl);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const service of Object.values(services)) await service.close();
      server.closeIdleConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      await pool.end();
    },
  };
}
