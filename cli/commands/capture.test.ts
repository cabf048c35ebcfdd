import { writeFileSync } from "node:fs";
import path from "node:path";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { withClaims } from "@/lib/db/with-claims";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  removeDir,
  runCli,
  spawnCli,
  startCliStack,
  tempConfigDir,
  type CliProcess,
  type CliStack,
} from "../testing/stack";
import { curl, startUpstream, type Upstream } from "../testing/upstream";

/**
 * `busymate capture` end to end: a real HTTPS upstream with its own CA, real curl and Node
 * fetch through the CLI's proxy, the real stack receiving the captures as the device.
 */

let harness: CliStack;
let upstream: Upstream;
let configDir: string;
let env: Record<string, string>;
let device: string;
let group: string;
let capture: CliProcess;
let proxy: string;
let cliCa: string;

interface Row {
  url: string;
  host: string;
  status: number | null;
  source: string;
  capture_id: string | null;
  payload: TrafficLogEntry & { id: string };
}

async function rowsFor(marker: string): Promise<Row[]> {
  const { rows } = await harness.owner.query<Row>(
    "SELECT url, host, status, source, capture_id::text, payload FROM public.entries WHERE device_uuid = $1 AND url LIKE '%' || $2 || '%' ORDER BY id",
    [device, marker],
  );
  return rows;
}

async function waitForRows(marker: string, count: number, timeoutMs = 30_000): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await rowsFor(marker).catch(() => []);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const setDomains = async (domains: string[]) =>
  harness.owner.query("UPDATE public.service_groups SET ssl_proxy_domains = $2 WHERE id = $1", [group, domains]);

/** Settings pushed on device:<uuid> reach the CLI; a service group's list only by re-reading, so poke the device's settings. */
const touchDeviceSettings = () =>
  harness.owner.query("UPDATE public.settings_device SET updated_at = now() WHERE device_uuid = $1", [device]);

async function startCapture(): Promise<void> {
  capture = spawnCli(["capture", "--port", "0", "--json", "--upstream-ca", upstream.caPath], env);
  proxy = String((await capture.waitForEvent("listening")).proxy);
}

beforeAll(async () => {
  [harness, upstream] = await Promise.all([startCliStack(), startUpstream()]);
  configDir = tempConfigDir();
  env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: harness.stack.appUrl };
  device = await harness.newDevice("capture laptop");
  expect((await runCli(["pair", await harness.pairingCode(device)], env)).code).toBe(0);
  const { rows } = await harness.owner.query<{ id: string }>(
    "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('Local', '{localhost}', $1) RETURNING id",
    [harness.person.id],
  );
  group = rows[0].id;
  await harness.owner.query("INSERT INTO public.settings_device (device_uuid, data) VALUES ($1, $2)", [
    device,
    { service_group_ids: [group] },
  ]);
  cliCa = path.join(configDir, "ca.pem");
  await startCapture();
});

afterAll(async () => {
  await capture?.stop();
  await upstream?.close();
  await harness?.close();
  await removeDir(configDir);
});

describe("busymate capture", () => {
  it("decrypts a host on the SSL list: curl's exchange arrives in entries, headers in order, bodies, TLS and client", async () => {
    const result = await curl(proxy, upstream.url("localhost", "/hello?case=curl&x=1"), cliCa, [
      "-H",
      "X-First: 1",
      "-H",
      "X-Second: 2",
    ]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, path: "/hello" });
    const [row] = await waitForRows("case=curl", 1);
    expect(row).toMatchObject({ host: "localhost", status: 200, source: "cli" });
    expect(row.capture_id).toBe(row.payload.id);
    const { request, response, tls, client, timings } = row.payload as Required<TrafficLogEntry>;
    expect(request.method).toBe("GET");
    const names = request.headers.map((header) => header.name);
    expect(names.indexOf("X-First")).toBeLessThan(names.indexOf("X-Second"));
    expect(request.queryString).toEqual([
      { name: "case", value: "curl" },
      { name: "x", value: "1" },
    ]);
    expect(response.statusText).toBe("Fine Thanks");
    expect(response.headers.filter((header) => header.name === "Set-Cookie")).toHaveLength(2);
    expect(JSON.parse(response.body!.content)).toMatchObject({ ok: true });
    expect(response.body).toMatchObject({ encoding: "text", mimeType: "application/json", truncated: false });
    expect(tls).toEqual({ serverName: "localhost", alpn: "http/1.1" });
    expect(client.ip).toMatch(/127\.0\.0\.1/);
    expect(timings.wait).toBeGreaterThanOrEqual(0);
  });

  it("captures a Node program's fetch (POST with a JSON body) run through `busymate run`", async () => {
    const script = path.join(configDir, "client.mjs");
    writeFileSync(
      script,
      `const response = await fetch(${JSON.stringify(upstream.url("localhost", "/orders?case=node"))}, {
         method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ item: "tea" }) });
       console.log(response.status, await response.text());`,
    );
    const run = await runCli(["run", "--upstream-ca", upstream.caPath, "--", process.execPath, script], env);
    expect(run.stderr).toContain("busymate: capturing");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('200 {"ok":true,"method":"POST"');
    const [row] = await waitForRows("case=node", 1);
    expect(row.payload.request.body).toMatchObject({ encoding: "text", content: '{"item":"tea"}', size: 14 });
    expect(row.payload.client?.userAgent).toMatch(/node/i);
  });

  it("tunnels a host outside the SSL list untouched: the client meets the real certificate, nothing is decrypted", async () => {
    // Trusting only the upstream's own CA: this works only if the TLS ends at the real server.
    const result = await curl(proxy, upstream.url("127.0.0.1", "/secret?case=tunnel"), upstream.caPath);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, path: "/secret" });
    // And the CLI's CA cannot have signed what it met.
    expect((await curl(proxy, upstream.url("127.0.0.1", "/secret?case=tunnel-cli-ca"), cliCa)).code).not.toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await rowsFor("case=tunnel")).toEqual([]);
  });

  it("applies a changed SSL list live, without a restart", async () => {
    await setDomains([]);
    await touchDeviceSettings();
    const deadline = Date.now() + 20_000;
    let tunnelled = false;
    while (!tunnelled && Date.now() < deadline) {
      tunnelled = (await curl(proxy, upstream.url("localhost", "/live?case=live-off"), upstream.caPath)).code === 0;
      if (!tunnelled) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(tunnelled).toBe(true);
    await setDomains(["localhost"]);
    await touchDeviceSettings();
    const back = Date.now() + 20_000;
    let decrypted = false;
    while (!decrypted && Date.now() < back) {
      decrypted = (await curl(proxy, upstream.url("localhost", "/live?case=live-on"), cliCa)).code === 0;
      if (!decrypted) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(decrypted).toBe(true);
    expect((await waitForRows("case=live-on", 1)).length).toBeGreaterThanOrEqual(1);
    expect(await rowsFor("case=live-off")).toEqual([]);
  });

  it("loses nothing while the server is down, across a CLI restart: every capture arrives exactly once", async () => {
    await harness.stopStack();
    const send = async (label: string) =>
      expect((await curl(proxy, upstream.url("localhost", `/outage?case=outage-${label}`), cliCa)).code).toBe(0);
    for (const n of [1, 2, 3]) await send(`a${n}`);
    // The CLI stops while the server is away: what it could not send stays spooled.
    expect(await capture.stop()).toBe(0);
    await startCapture();
    for (const n of [1, 2, 3]) await send(`b${n}`);
    await harness.startStackAgain();
    const rows = await waitForRows("case=outage-", 6, 60_000);
    expect(rows.map((row) => new URL(row.url).searchParams.get("case")).sort()).toEqual([
      "outage-a1",
      "outage-a2",
      "outage-a3",
      "outage-b1",
      "outage-b2",
      "outage-b3",
    ]);
    expect(new Set(rows.map((row) => row.capture_id)).size).toBe(6);
    // Nothing more turns up later (no second copy of a retried batch).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await rowsFor("case=outage-")).toHaveLength(6);
  });

  it("keeps device_status current with heartbeats (source cli)", async () => {
    const { rows } = await harness.owner.query(
      "SELECT source, last_heartbeat_at > now() - interval '90 seconds' AS online FROM public.device_status WHERE device_uuid = $1",
      [device],
    );
    expect(rows).toEqual([{ source: "cli", online: true }]);
  });
});

describe("breakpoints in the proxy", () => {
  interface HeldRow {
    id: string;
    pattern: string;
    phase: string;
    held: { request: { url: string; headers: { name: string; value: string }[] }; response?: { status: number } };
    resolution: { action: string; timed_out?: boolean } | null;
  }

  async function setBreakpoints(breakpoints: object[], extra: Record<string, unknown> = {}) {
    const patterns = breakpoints.map((rule) => (rule as { pattern: string }).pattern);
    await harness.owner.query("UPDATE public.settings_device SET data = $2 WHERE device_uuid = $1", [
      device,
      { service_group_ids: [group], breakpoints, ...extra },
    ]);
    // The CLI says when it has applied them (it hears settings_changed on device:<uuid>).
    await capture.waitForEvent(
      "settings",
      20_000,
      (data) =>
        JSON.stringify(data.breakpoints) === JSON.stringify(patterns) &&
        (extra.breakpoint_timeout_s === undefined || data.breakpoint_timeout_s === extra.breakpoint_timeout_s),
    );
  }

  async function heldEvent(marker: string): Promise<HeldRow> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { rows } = await harness.owner.query<HeldRow>(
        "SELECT id, pattern, phase, held, resolution FROM public.breakpoint_events WHERE device_uuid = $1 AND held #>> '{request,url}' LIKE '%' || $2 || '%'",
        [device, marker],
      );
      if (rows.length > 0) return rows[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `nothing was held for ${marker}:\n${capture.stdout().slice(-3000)}\n${capture.stderr().slice(-2000)}`,
    );
  }

  const resume = (eventId: string, resolution: object) =>
    withClaims(harness.owner, harness.person.claims, (client) =>
      client.query("SELECT public.resume_breakpoint($1, $2::jsonb)", [eventId, JSON.stringify(resolution)]),
    );

  it("holds a matching request until a person resumes it edited; the server sees the edit and the capture records it", async () => {
    await setBreakpoints([{ pattern: "localhost/hold*", phase: "request", methods: ["POST"] }]);
    const pending = curl(proxy, upstream.url("localhost", "/hold?case=bp-edit"), cliCa, [
      "-X",
      "POST",
      "-d",
      "original",
    ]);
    const event = await heldEvent("case=bp-edit");
    expect(event).toMatchObject({ pattern: "localhost/hold*", phase: "request", resolution: null });
    await resume(event.id, {
      action: "modify",
      request: {
        headers: [
          { name: "x-edited", value: "yes" },
          { name: "host", value: `localhost:${upstream.port}` },
        ],
        body: "edited body",
      },
    });
    const result = await pending;
    expect(JSON.parse(result.stdout)).toMatchObject({ method: "POST", received: "edited body" });
    const seen = upstream.seen.find((request) => request.url.includes("case=bp-edit"))!;
    expect(seen.headers["x-edited"]).toBe("yes");
    const [row] = await waitForRows("case=bp-edit", 1);
    expect(row.payload.request.body?.content).toBe("edited body");
    expect(row.payload.request.headers).toContainEqual({ name: "x-edited", value: "yes" });
  });

  it("aborts a held request when resumed with abort, and lets an unmatched method through", async () => {
    const passing = await curl(proxy, upstream.url("localhost", "/hold?case=bp-get"), cliCa);
    expect(passing.code).toBe(0);
    const pending = curl(proxy, upstream.url("localhost", "/hold?case=bp-abort"), cliCa, ["-X", "POST", "-d", "x"]);
    await resume((await heldEvent("case=bp-abort")).id, { action: "abort" });
    expect((await pending).code).not.toBe(0);
    expect(upstream.seen.some((request) => request.url.includes("case=bp-abort"))).toBe(false);
  });

  it("holds a response and sends the edited status on", async () => {
    await setBreakpoints([{ pattern: "localhost/teapot*", phase: "response" }]);
    const pending = curl(proxy, upstream.url("localhost", "/teapot?case=bp-response"), cliCa, [
      "--write-out",
      " %{http_code}",
    ]);
    const event = await heldEvent("case=bp-response");
    expect(event.phase).toBe("response");
    expect(event.held.response?.status).toBe(418);
    await resume(event.id, { action: "modify", response: { status: 203, body: "patched" } });
    const result = await pending;
    expect(result.stdout).toBe("patched 203");
  });

  it("times out a hold nobody resumes by the setting, continues it, and records the timeout", async () => {
    await setBreakpoints([{ pattern: "localhost/slow*" }], { breakpoint_timeout_s: 1 });
    const result = await curl(proxy, upstream.url("localhost", "/slow?case=bp-timeout"), cliCa);
    expect(result.code).toBe(0);
    const event = await heldEvent("case=bp-timeout");
    expect(event.resolution).toEqual({ action: "continue", timed_out: true });
    await setBreakpoints([]);
  });
});
