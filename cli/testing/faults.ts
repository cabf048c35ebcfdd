import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { pairDevice } from "../commands/pair";
import type { DeviceFile } from "../config";
import { DeviceSession } from "../server/device-session";
import type { CliStack } from "./stack";

/**
 * Shared by the fault suites (`lib/testing/faults`): the real stack's PostgreSQL pid, waits
 * that poll for a condition (never a fixed sleep), a device paired in process (its clock may
 * be set off the server's), supabase-js as that device, and a plain HTTP upstream reached
 * through the CLI's proxy.
 */

/** The running postmaster of a stack's home, from its data directory's lock file. */
export function postmasterPid(home: string): number | undefined {
  try {
    return Number(readFileSync(path.join(home, "postgres", "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
  } catch {
    return undefined;
  }
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function appReady(appUrl: string): Promise<boolean> {
  const response = await fetch(`${appUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response.status === 200;
}

export interface PairedDevice {
  uuid: string;
  file: DeviceFile;
  session: DeviceSession;
}

/** A device of the harness's person, paired through the real pairing endpoint with the device's clock `now`. */
export async function pairInProcess(
  harness: CliStack,
  name: string,
  configDir: string,
  now: () => number = Date.now,
): Promise<PairedDevice> {
  const uuid = await harness.newDevice(name);
  const file = await pairDevice(await harness.pairingCode(uuid), harness.stack.appUrl, configDir, now);
  return { uuid, file, session: new DeviceSession(file, now) };
}

/** supabase-js as the device: its token comes from the device session, as the CLI's does. */
export function deviceClient(device: PairedDevice): SupabaseClient {
  return createClient(device.file.supabase_url, device.file.publishable_key, {
    accessToken: () => device.session.accessToken(),
  });
}

export function captureRow(deviceUuid: string, url: string, startedAt = new Date()) {
  const id = randomUUID();
  return {
    id,
    row: {
      device_uuid: deviceUuid,
      ts: startedAt.toISOString(),
      payload: {
        id,
        startedAt: startedAt.toISOString(),
        source: "cli",
        request: { method: "POST", url, httpVersion: "HTTP/1.1", headers: [{ name: "accept", value: "*/*" }] },
        response: { status: 201, statusText: "Created", httpVersion: "HTTP/1.1", headers: [] },
        timings: { send: 1, wait: 2, receive: 1 },
        durationMs: 4,
      },
    },
  };
}

export interface PlainUpstream {
  url(pathAndQuery: string): string;
  close(): Promise<void>;
}

export async function startPlainUpstream(): Promise<PlainUpstream> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.once("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathAndQuery) => `http://127.0.0.1:${port}${pathAndQuery}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GET through an HTTP proxy (absolute-form request line); resolves with the status, or rejects. */
export function getThroughProxy(proxy: string, target: string, timeoutMs = 15_000): Promise<number> {
  const { hostname, port } = new URL(proxy);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port: Number(port),
        method: "GET",
        path: target,
        headers: { host: new URL(target).host },
        agent: false,
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
        res.once("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once("error", reject);
    req.end();
  });
}
