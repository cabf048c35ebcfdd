import { tokenKeysFromEnv } from "@/lib/auth/token-keys";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/cli/testing/faults";
import { removeDir, runCli, spawnCli, startCliStack, tempConfigDir, type CliStack } from "@/cli/testing/stack";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { startScriptedModel, type ScriptedModel } from "@/lib/busybro/testing/scripted-model";
import { connectClient } from "@/lib/mcp/testing";

/**
 * The app process SIGKILLed in the middle of work: an MCP tool call whose answer is still to
 * come (its write waiting on a lock), and a `busymate import` whose inserts are in flight. The
 * client gets an error, not a hang; nothing half-written stays behind; an import is resumable
 * and never stores an entry twice.
 */

let harness: CliStack;
let model: ScriptedModel;
let configDir: string;
let env: Record<string, string>;
let device: string;

beforeAll(async () => {
  // BusyBro's model answers slowly, so the app can be killed with its answer half streamed.
  model = await startScriptedModel(() => ({ text: "word ".repeat(200), chunks: 200, delayMs: 100 }));
  harness = await startCliStack(undefined, { BUSYBRO_MODEL_URL: model.baseURL, BUSYBRO_MODEL: "scripted" });
  configDir = tempConfigDir();
  env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: harness.stack.appUrl };
  device = await harness.newDevice("import laptop");
  expect((await runCli(["pair", await harness.pairingCode(device)], env)).code).toBe(0);
});

afterAll(async () => {
  await harness?.close();
  await model?.close();
  await removeDir(configDir);
});

/** The launcher's own pid (the home lock), not the tsx wrapper that started it. */
const launcherPid = () => Number(readFileSync(path.join(harness.options.home, "busymate.pid"), "utf8"));

async function killApp(): Promise<void> {
  const pid = launcherPid();
  process.kill(pid, "SIGKILL");
  await harness.stack.exited;
}

/** Holds `lock` on `table` in its own transaction until the returned release is called. */
async function holdLock(table: string, mode: string): Promise<() => Promise<void>> {
  const client: pg.PoolClient = await harness.owner.connect();
  await client.query("BEGIN");
  await client.query(`LOCK TABLE ${table} IN ${mode} MODE`);
  return async () => {
    await client.query("COMMIT");
    client.release();
  };
}

const waitingOnLock = (pattern: string) =>
  waitFor(async () => {
    const { rows } = await harness.owner.query(
      "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE $1",
      [pattern],
    );
    return rows.length > 0;
  }, `a statement waiting on the lock (${pattern})`);

/** Fails if `promise` has not settled within `ms`: a hang is the failure this suite looks for. */
function settlesWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms: the client hangs`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve({ ok: true, value })),
      (error: Error) => (clearTimeout(timer), resolve({ ok: false, error })),
    );
  });
}

/** A read-write Busymate access token for the seeded admin. */
async function adminToken(): Promise<string> {
  const { rows } = await harness.owner.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [
    harness.stack.localEnv.BUSYMATE_ADMIN_EMAIL,
  ]);
  return signToken(
    accessTokenClaims({
      origin: harness.stack.appUrl,
      userId: rows[0].id,
      clientId: "faults-test",
      scope: "busymate:read busymate:write",
    }),
    tokenKeysFromEnv(harness.stack.localEnv)!,
  );
}

describe("the app killed mid-call", () => {
  it("the ask API's SSE stream cut off mid-answer ends in an error for the reader, not a hang", async () => {
    const response = await fetch(`${harness.stack.appUrl}/functions/v1/ask`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await adminToken()}`,
        "content-type": "application/json",
        accept: "text/event-stream",
      },
      body: JSON.stringify({ question: "Tell me a long story" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    while (!/event: text/.test(received)) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      received += value;
    }
    await killApp();
    const drained = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return received;
        received += value;
      }
    })();
    const outcome = await settlesWithin(drained, 30_000);
    console.log(`[faults] the ask stream after the kill: ${outcome.ok ? "ended without done" : outcome.error.message}`);
    // Either the read fails, or the stream ends without the `done` event: never a finished answer.
    if (outcome.ok) expect(outcome.value).not.toMatch(/event: done/);
    else expect(outcome.error.message).toMatch(/terminated|other side closed|socket/i);
    await waitFor(() => model.aborted > 0, "the model call to be cut off too");
    await harness.startStackAgain();
  }, 300_000);

  it("an MCP tool call in flight ends in an error for the client, and its write is not half-done", async () => {
    const token = await adminToken();
    const client = await connectClient(`${harness.stack.appUrl}/mcp`, token, "legacy");
    const release = await holdLock("public.workspaces", "ACCESS EXCLUSIVE");
    // Settled-or-not is observed from the start, so the rejection is never unhandled.
    const outcome = settlesWithin(
      client.callTool({ name: "create_workspace", arguments: { name: "half-written?" } }),
      60_000,
    );
    await waitingOnLock("%workspaces%");
    await killApp();
    const killedAt = Date.now();
    const settled = await outcome;
    console.log(
      `[faults] the MCP call in flight failed ${Date.now() - killedAt} ms after the kill: ${settled.ok ? "" : settled.error.message}`,
    );
    expect(settled.ok).toBe(false);
    await release();
    // The app's transaction never reached COMMIT: PostgreSQL rolled it back when the connection ended.
    await waitFor(async () => {
      const { rows: busy } = await harness.owner.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'busymate-app' AND state <> 'idle'",
      );
      return busy.length === 0;
    }, "the dead app's sessions to end");
    const written = await harness.owner.query("SELECT count(*)::int AS n FROM public.workspaces WHERE name = $1", [
      "half-written?",
    ]);
    expect(written.rows).toEqual([{ n: 0 }]);
    await client.close().catch(() => undefined);
    await harness.startStackAgain();
  }, 300_000);

  it("a HAR import cut off by the app's death is resumed and stores every entry exactly once", async () => {
    const total = 3_000;
    const har = path.join(configDir, "big.har");
    const entries = Array.from({ length: total }, (_, n) => ({
      startedDateTime: new Date(Date.UTC(2026, 11, 4, 12, 0, 0, n)).toISOString(),
      time: 12,
      request: {
        method: "GET",
        url: `https://shop.example/items/${n}?case=import-kill`,
        httpVersion: "HTTP/1.1",
        headers: [{ name: "accept", value: "application/json" }],
        queryString: [{ name: "case", value: "import-kill" }],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: "OK",
        httpVersion: "HTTP/1.1",
        headers: [{ name: "content-type", value: "application/json" }],
        cookies: [],
        content: { size: 12, mimeType: "application/json", text: `{"item":${n}}` },
        redirectURL: "",
        headersSize: -1,
        bodySize: 12,
      },
      cache: {},
      timings: { send: 1, wait: 10, receive: 1 },
    }));
    writeFileSync(har, JSON.stringify({ log: { version: "1.2", creator: { name: "faults", version: "1" }, entries } }));
    const count = async () =>
      (
        await harness.owner.query<{ n: number; distinct: number }>(
          "SELECT count(*)::int AS n, count(DISTINCT capture_id)::int AS distinct FROM public.entries WHERE device_uuid = $1",
          [device],
        )
      ).rows[0];

    // The inserts wait on a lock, so the app dies with them in flight.
    const release = await holdLock("public.entries", "SHARE");
    const importing = spawnCli(["import", har, "--json", "--wait", "180"], env);
    const first = settlesWithin(importing.exited, 300_000);
    await waitingOnLock("%entries%");
    await killApp();
    await release();
    await harness.startStackAgain();
    expect((await first).ok).toBe(true);
    const report = JSON.parse(importing.stdout()) as { imported: number; spooled: number };
    console.log(
      `[faults] import across the kill: ${JSON.stringify({ ...report, skipped: undefined, mended: undefined })}`,
    );
    expect(report.imported).toBe(total);
    // Whatever the first run could not hand over is sent by the next one; the file's entries land once.
    if (report.spooled > 0) expect((await runCli(["import", har, "--json"], env, 200_000)).code).toBe(0);
    expect(await count()).toEqual({ n: total, distinct: total });
    // Importing the whole file again adds nothing.
    expect((await runCli(["import", har, "--json"], env, 200_000)).code).toBe(0);
    expect(await count()).toEqual({ n: total, distinct: total });
  }, 300_000);

  it("an import against an app that stays away ends with a clear error, and its entries wait in the spool", async () => {
    await killApp();
    const lone = path.join(configDir, "lone.har");
    const entry = {
      startedDateTime: "2026-12-04T12:00:00.000Z",
      time: 1,
      request: {
        method: "GET",
        url: "https://shop.example/lone",
        httpVersion: "HTTP/1.1",
        headers: [],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 204,
        statusText: "No Content",
        httpVersion: "HTTP/1.1",
        headers: [],
        cookies: [],
        content: { size: 0, mimeType: "" },
        redirectURL: "",
        headersSize: -1,
        bodySize: 0,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    writeFileSync(
      lone,
      JSON.stringify({ log: { version: "1.2", creator: { name: "faults", version: "1" }, entries: [entry] } }),
    );
    const result = await runCli(["import", lone, "--wait", "2"], env, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/busymate: 1 entries read; the server did not take them all \(.+\): 1 stay spooled/);
    await harness.startStackAgain();
    expect((await runCli(["import", lone, "--json"], env, 120_000)).code).toBe(0);
    const { rows } = await harness.owner.query(
      "SELECT count(*)::int AS n FROM public.entries WHERE device_uuid = $1 AND url = 'https://shop.example/lone'",
      [device],
    );
    expect(rows).toEqual([{ n: 1 }]);
  }, 300_000);
});
