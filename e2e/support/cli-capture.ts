import http from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { withClaims } from "@/lib/db/with-claims";
import { personClaims } from "@/lib/testing/db-fixtures";
import { removeDir, runCli, spawnCli, tempConfigDir, type CliProcess } from "@/cli/testing/stack";
import type { StackData } from "./stack";

/**
 * The real CLI, as a person runs it: paired to a new device with a pairing code, then
 * `busymate capture` (the mockttp proxy) in a child process. A plain-HTTP upstream on loopback
 * records what reaches it, so a spec can see what the proxy sent on.
 */

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startPlainUpstream(): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(200, "Fine", { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface CliCapture {
  device: string;
  proxy: URL;
  process: CliProcess;
  /** Sends a request through the proxy; resolves with the status and body once answered. */
  send(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** Pairs a new device of `ownerId` named `name` (settings written first, so the capture starts with them). */
export async function startCliCapture(
  stack: StackData,
  db: pg.Pool,
  ownerId: string,
  name: string,
  settings: Record<string, unknown>,
): Promise<CliCapture> {
  const { rows } = await db.query<{ uuid: string }>(
    "INSERT INTO public.devices (name, kind, os, owner_user_id) VALUES ($1, 'cli', 'linux', $2) RETURNING uuid",
    [name, ownerId],
  );
  const device = rows[0].uuid;
  await db.query("INSERT INTO public.settings_device (device_uuid, data) VALUES ($1, $2)", [device, settings]);
  const code = await withClaims(db, personClaims(ownerId), async (client) => {
    const result = await client.query<{ code: string }>("SELECT code FROM public.create_device_pairing_code($1)", [
      device,
    ]);
    return result.rows[0].code;
  });
  const configDir = tempConfigDir();
  const env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: stack.appUrl };
  const paired = await runCli(["pair", code], env);
  if (paired.code !== 0) throw new Error(`busymate pair failed: ${paired.stderr}`);
  const capture = spawnCli(["capture", "--port", "0", "--json"], env);
  const proxy = new URL(String((await capture.waitForEvent("listening", 60_000)).proxy));
  return {
    device,
    proxy,
    process: capture,
    send(url, init) {
      return new Promise((resolve, reject) => {
        const target = new URL(url);
        const request = http.request(
          {
            host: proxy.hostname,
            port: proxy.port,
            method: init.method,
            path: url,
            headers: { host: target.host, ...init.headers },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        request.on("error", reject);
        request.end(init.body);
      });
    },
    async stop() {
      await capture.stop();
      await removeDir(configDir);
    },
  };
}
