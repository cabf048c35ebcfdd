import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for a service with a login flow, for the repro tests: it hands out
 * fresh random values each run and refuses any it did not hand out. Several ports share one
 * state when a flow spans origins (an identity service and an API).
 */

export interface ReplayRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: string;
  form(): URLSearchParams;
  json(): Record<string, unknown>;
  /** Which of the server's origins was called (0 for the first). */
  port: number;
}

export interface ReplayReply {
  status: number;
  headers?: [string, string][];
  json?: unknown;
  text?: string;
  html?: string;
}

export type Handler = (request: ReplayRequest) => ReplayReply | Promise<ReplayReply>;

export interface ReplayServer {
  origins: string[];
  close(): Promise<void>;
}

export async function startReplayServer(handler: Handler, ports = 1): Promise<ReplayServer> {
  const servers: http.Server[] = [];
  const origins: string[] = [];
  for (let port = 0; port < ports; port++) {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers))
          headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
        const cookies: Record<string, string> = {};
        for (const pair of (headers.cookie ?? "").split(/;\s*/)) {
          const eq = pair.indexOf("=");
          if (eq > 0) cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        const request: ReplayRequest = {
          method: req.method ?? "GET",
          url: new URL(req.url ?? "/", origins[port]),
          headers,
          cookies,
          body,
          form: () => new URLSearchParams(body),
          json: () => {
            try {
              return JSON.parse(body) as Record<string, unknown>;
            } catch {
              return {};
            }
          },
          port,
        };
        let reply: ReplayReply;
        try {
          reply = await handler(request);
        } catch (error) {
          reply = { status: 500, json: { error: String(error) } };
        }
        const out = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.html ?? reply.text ?? "");
        const type =
          reply.json !== undefined
            ? "application/json"
            : reply.html !== undefined
              ? "text/html; charset=utf-8"
              : "text/plain";
        const custom = (reply.headers ?? []).some(([name]) => name.toLowerCase() === "content-type");
        const head: string[] = custom ? [] : ["Content-Type", type];
        for (const [name, value] of reply.headers ?? []) head.push(name, value);
        res.writeHead(reply.status, head);
        res.end(out);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    origins,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}

/** Values the server handed out, by kind; anything else is refused. Single-use values are taken once. */
export class Issuer {
  private readonly live = new Map<string, { kind: string; data: Record<string, string> }>();
  /** Everything ever handed out: the test asserts none of it reaches a repro. */
  readonly everIssued: string[] = [];

  issue(kind: string, data: Record<string, string> = {}, bytes = 24): string {
    const value = randomBytes(bytes).toString("base64url");
    this.live.set(value, { kind, data });
    this.everIssued.push(value);
    return value;
  }

  /** Registers a value made elsewhere (a signed JWT). */
  adopt(kind: string, value: string, data: Record<string, string> = {}): string {
    this.live.set(value, { kind, data });
    this.everIssued.push(value);
    return value;
  }

  check(kind: string, value: string | undefined | null): Record<string, string> | null {
    const found = value ? this.live.get(value) : undefined;
    return found && found.kind === kind ? found.data : null;
  }

  take(kind: string, value: string | undefined | null): Record<string, string> | null {
    const data = this.check(kind, value);
    if (data) this.live.delete(value!);
    return data;
  }

  revoke(value: string): void {
    this.live.delete(value);
  }
}

export const bearer = (request: ReplayRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];

export const refused = (why: string, status = 401): ReplayReply => ({ status, json: { error: why } });

/** Analytics, assets, flags and preflights every scheme's client also calls. */
export function noise(request: ReplayRequest): ReplayReply | null {
  const path = request.url.pathname;
  if (request.method === "OPTIONS")
    return {
      status: 204,
      headers: [
        ["Access-Control-Allow-Origin", "*"],
        ["Access-Control-Allow-Headers", "authorization, content-type"],
      ],
      text: "",
    };
  if (path === "/collect") return { status: 204, text: "" };
  if (path === "/static/app.js")
    return { status: 200, headers: [["Content-Type", "application/javascript"]], text: "console.log(1)" };
  if (path === "/v1/flags") return { status: 200, json: { new_checkout: true, dark_mode: false } };
  return null;
}

export const randomCredential = (prefix: string) => `${prefix}-${randomBytes(9).toString("base64url")}`;
