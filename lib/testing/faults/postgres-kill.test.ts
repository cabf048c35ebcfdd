import { tokenKeysFromEnv } from "@/lib/auth/token-keys";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appReady,
  captureRow,
  deviceClient,
  getThroughProxy,
  pairInProcess,
  postmasterPid,
  startPlainUpstream,
  waitFor,
  type PairedDevice,
  type PlainUpstream,
} from "@/cli/testing/faults";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { connectClient } from "@/lib/mcp/testing";
import {
  removeDir,
  runCli,
  spawnCli,
  startCliStack,
  tempConfigDir,
  type CliProcess,
  type CliStack,
} from "@/cli/testing/stack";

/**
 * PostgreSQL SIGKILLed under a stream of device uploads (supabase-js as the device) and CLI
 * captures (the real `busymate capture` proxy with its spool, driven by real HTTP through
 * it). The launcher starts PostgreSQL again; every capture a client was given a 2xx for is
 * stored exactly once, and the app, its pools and Realtime carry on without a restart.
 */

let harness: CliStack;
let upstream: PlainUpstream;
let configDir: string;
let cliConfigDir: string;
let device: PairedDevice;
let supabase: SupabaseClient;
let cliDevice: string;
let capture: CliProcess;
let proxy: string;

beforeAll(async () => {
  [harness, upstream] = await Promise.all([startCliStack(), startPlainUpstream()]);
  configDir = tempConfigDir();
  device = await pairInProcess(harness, "upload phone", configDir);
  supabase = deviceClient(device);
  cliConfigDir = tempConfigDir();
  const env = { BUSYMATE_CONFIG_DIR: cliConfigDir, BUSYMATE_SERVER: harness.stack.appUrl };
  cliDevice = await harness.newDevice("capture laptop");
  expect((await runCli(["pair", await harness.pairingCode(cliDevice)], env)).code).toBe(0);
  capture = spawnCli(["capture", "--port", "0", "--json"], env);
  proxy = String((await capture.waitForEvent("listening")).proxy);
});

afterAll(async () => {
  await capture?.stop();
  await supabase?.removeAllChannels();
  await upstream?.close();
  await harness?.close();
  await removeDir(configDir);
  await removeDir(cliConfigDir);
});

/** Uploads one capture at a time until told to stop, retrying each until it is acknowledged (as a device does). */
function deviceStream() {
  const acknowledged: string[] = [];
  let failures = 0;
  let stopping = false;
  const done = (async () => {
    for (let n = 0; !stopping; n++) {
      const { id, row } = captureRow(device.uuid, `https://api.example/orders?case=pgkill-device-${n}`);
      for (;;) {
        const { error } = await supabase
          .from("entries")
          .upsert([row], { onConflict: "capture_id,ts", ignoreDuplicates: true });
        if (!error) break;
        failures++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      acknowledged.push(id);
    }
  })();
  return {
    acknowledged,
    failures: () => failures,
    stop: () => ((stopping = true), done),
  };
}

/** Real HTTP through the CLI's proxy; a request the client got a 2xx for is an acknowledged capture. */
function cliStream() {
  const acknowledged: string[] = [];
  let stopping = false;
  const done = (async () => {
    for (let n = 0; !stopping; n++) {
      const marker = `pgkill-cli-${n}`;
      const status = await getThroughProxy(proxy, upstream.url(`/through?case=${marker}`)).catch(() => 0);
      if (status >= 200 && status < 300) acknowledged.push(marker);
    }
  })();
  return { acknowledged, stop: () => ((stopping = true), done) };
}

describe("PostgreSQL killed under load", () => {
  it("keeps every acknowledged upload and capture exactly once, and the app recovers without a restart", async () => {
    const launcherPid = harness.stack.child.pid;
    const changes: number[] = [];
    const system: string[] = [];
    // Realtime as the service role, watching the devices table (in supabase_realtime).
    const watcher = createClient(device.file.supabase_url, harness.stack.localEnv.SUPABASE_SECRET_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const channel = watcher
      .channel("pgkill-devices")
      .on("system", {}, (message: { message: string }) => system.push(message.message))
      .on(
        "postgres_changes",
        { event: "UPDATE", schema: "public", table: "devices", filter: `uuid=eq.${device.uuid}` },
        (change) => changes.push(Number((change.new as { name: string }).name.split(" ").pop())),
      );
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((status, error) =>
        status === "SUBSCRIBED" ? resolve() : status !== "CLOSED" && reject(error ?? new Error(status)),
      ),
    );
    await waitFor(() => system.includes("Subscribed to PostgreSQL"), "Realtime's postgres_changes subscription");
    const rename = (n: number) =>
      harness.owner.query("UPDATE public.devices SET name = $2 WHERE uuid = $1", [device.uuid, `phone ${n}`]);
    await rename(1);
    await waitFor(() => changes.includes(1), "the change before the kill");

    const uploads = deviceStream();
    const captures = cliStream();
    await waitFor(
      () => uploads.acknowledged.length >= 20 && captures.acknowledged.length >= 20,
      "both streams under way",
    );

    const killed = postmasterPid(harness.options.home)!;
    expect(killed).toBeGreaterThan(0);
    process.kill(killed, "SIGKILL");
    const [uploadsAtKill, capturesAtKill] = [uploads.acknowledged.length, captures.acknowledged.length];
    // The launcher starts it again on the same data directory.
    const restarted = await waitFor(() => {
      const pid = postmasterPid(harness.options.home);
      return pid !== undefined && pid !== killed && pid;
    }, "a new postmaster");
    expect(restarted).not.toBe(killed);
    await waitFor(() => appReady(harness.stack.appUrl), "/health/ready 200 again");
    expect(harness.stack.child.exitCode).toBeNull();
    expect(harness.stack.child.pid).toBe(launcherPid);
    expect(harness.stack.output()).toContain("PostgreSQL exited unexpectedly");

    // Both streams go on after the restart, then stop.
    await waitFor(
      () => uploads.acknowledged.length >= uploadsAtKill + 20 && captures.acknowledged.length >= capturesAtKill + 20,
      "both streams to carry on after the restart",
      90_000,
    );
    await Promise.all([uploads.stop(), captures.stop()]);
    console.log(
      `[faults] device uploads acknowledged ${uploads.acknowledged.length} (${uploads.failures()} refused while PostgreSQL was down, each retried); CLI captures acknowledged ${captures.acknowledged.length}`,
    );

    // Every upload acknowledged is there, once.
    const stored = await harness.owner.query<{ capture_id: string; n: number }>(
      "SELECT capture_id::text, count(*)::int AS n FROM public.entries WHERE device_uuid = $1 GROUP BY capture_id",
      [device.uuid],
    );
    const storedIds = new Map(stored.rows.map((row) => [row.capture_id, row.n]));
    expect(uploads.acknowledged.filter((id) => storedIds.get(id) !== 1)).toEqual([]);
    expect(stored.rows.filter((row) => row.n !== 1)).toEqual([]);

    // Every capture the proxy answered 2xx for reaches the database through the spool, once.
    const cliRows = async () =>
      (
        await harness.owner.query<{ marker: string; n: number }>(
          "SELECT substring(url from 'case=([a-z0-9-]+)') AS marker, count(*)::int AS n FROM public.entries WHERE device_uuid = $1 GROUP BY 1",
          [cliDevice],
        )
      ).rows;
    const wanted = new Set(captures.acknowledged);
    const arrived = await waitFor(
      async () => {
        const rows = await cliRows();
        return rows.filter((row) => wanted.has(row.marker)).length === wanted.size && rows;
      },
      "every acknowledged capture in entries",
      90_000,
    );
    expect(arrived.filter((row) => row.n !== 1)).toEqual([]);

    // The app's own pools reconnected: an MCP call runs its operation as the person (owner pool,
    // withClaims, the rate limiter's table) on the restarted server.
    const token = await signToken(
      accessTokenClaims({
        origin: harness.stack.appUrl,
        userId: harness.person.id,
        clientId: "faults-test",
        scope: "busymate:read",
      }),
      tokenKeysFromEnv(harness.stack.localEnv)!,
    );
    const mcp = await connectClient(`${harness.stack.appUrl}/mcp`, token, "legacy");
    const whoami = await mcp.callTool({ name: "whoami", arguments: {} });
    expect(whoami.isError).toBeFalsy();
    expect(JSON.stringify(whoami.structuredContent)).toContain(harness.person.email);
    await mcp.close();
    // Realtime: told of the interruption, resubscribed to the same slot, and delivering again.
    await waitFor(
      () => system.filter((message) => message === "Subscribed to PostgreSQL").length >= 2,
      "Realtime resubscribed after the restart",
    );
    expect(system.some((message) => /delayed/.test(message))).toBe(true);
    await rename(2);
    await waitFor(() => changes.includes(2), "a change after the restart");
    expect(changes.filter((n) => n === 1)).toHaveLength(1);
    const slots = await harness.owner.query(
      "SELECT slot_name FROM pg_replication_slots WHERE starts_with(slot_name, 'busymate_realtime_')",
    );
    expect(slots.rows).toHaveLength(1);
    await watcher.removeAllChannels();
  }, 300_000);
});
