import { randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import os from "node:os";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import pg from "pg";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { trafficLogEntrySchema } from "@/lib/capture/traffic-log-entry";
import { tokenKeysFromEnv } from "@/lib/auth/token-keys";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { removeHome, stackOptions, startStack } from "@/lib/testing/stack";

/**
 * `npm run bench:soak -- [--minutes 10]`: the real `npm start` under a steady mixed load —
 * 50 devices uploading REST batches as the CLI does (device tokens, idempotent insert,
 * ≥ 500 captures/s in all), 20 members' live feeds (bare supabase-js Realtime clients on the
 * feed's own private `owner:<uid>` topics), 8 MCP clients calling reads (JSON-RPC over Streamable HTTP, as any MCP client sends it). Reports errors, p50/p95
 * per surface for the first and the last minute (the baseline is the same run's first minute),
 * the app process's RSS over time with its slope over the second half, and the most PostgreSQL
 * connections seen. Linux: RSS is read from /proc.
 */

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return Number(inline ? inline.split("=")[1] : at >= 0 ? process.argv[at + 1] : fallback);
};
const MINUTES = flag("minutes", 10);
const DEVICES = 50;
const SUBSCRIBERS = 20;
const MCP_CLIENTS = 8;
const ROWS_PER_BATCH = 11; // every device, every second: 550 captures/s in all
const MCP_PAUSE_MS = 250; // 4 calls/s per client, under the 600/min per-person limit

const durationMs = MINUTES * 60_000;
type Surface = "upload" | "live" | "mcp";
const samples: Record<Surface, { at: number; ms: number }[]> = { upload: [], live: [], mcp: [] };
const errors: Record<Surface, string[]> = { upload: [], live: [], mcp: [] };
let uploaded = 0;
let delivered = 0;

const percentile = (values: number[], p: number) =>
  values.length === 0
    ? NaN
    : [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

function payload(url: string) {
  return {
    id: randomUUID(),
    startedAt: new Date().toISOString(),
    source: "cli",
    request: {
      method: "GET",
      url,
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "accept", value: "application/json" },
        { name: "user-agent", value: "soak/1.0" },
      ],
    },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "content-type", value: "application/json" }],
      body: {
        encoding: "text",
        content: '{"ok":true,"items":[1,2,3]}',
        size: 27,
        mimeType: "application/json",
        truncated: false,
      },
    },
    timings: { send: 0.2, wait: 12, receive: 0.4 },
    durationMs: 13,
  };
}

// The stack refuses a capture its schema does not accept: find out now, not after ten minutes of 400s.
trafficLogEntrySchema.parse(payload("https://probe.soak.example/"));

/** The app process: the launcher's node descendant with the largest RSS (PostgreSQL excluded). */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid) parents.set(Number(entry), ppid);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}
const rssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
async function appPid(root: number): Promise<number> {
  let best = root;
  let bestRss = 0;
  for (const pid of [root, ...(await descendants(root))]) {
    const comm = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim();
    if (comm === "postgres") continue;
    const rss = await rssMb(pid);
    if (rss > bestRss) [best, bestRss] = [pid, rss];
  }
  return best;
}

/**
 * One JSON-RPC request to /mcp as an MCP client sends it over Streamable HTTP (the server is
 * stateless: no session to carry); the answer may come as JSON or as one SSE message.
 */
const MCP_VERSION = "2025-11-25";
let rpcId = 0;
async function mcpCall(appUrl: string, token: string, method: string, params: unknown) {
  const response = await fetch(`${appUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MCP_VERSION,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
  const json = response.headers.get("content-type")?.includes("text/event-stream")
    ? (/^data: (.*)$/m.exec(text)?.[1] ?? "{}")
    : text;
  return JSON.parse(json) as { result?: unknown; error?: unknown };
}

const userToken = (secret: string, sub: string) =>
  new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
const deviceToken = (secret: string, uuid: string) =>
  new SignJWT({ role: "device", device_uuid: uuid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(uuid)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));

console.log(
  `Soak: ${MINUTES} min on ${os.cpus().length} cores (load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")})`,
);
const options = await stackOptions();
const stack = await startStack(options);
const env = stack.localEnv;
const owner = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2, application_name: "soak-bench" });
owner.on("error", () => undefined);
const realtime: SupabaseClient[] = [];
const agents: string[] = [];
let stopping = false;
try {
  const members: Person[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) members.push(await createPerson(owner, `soak${i}@bench.local`, "member"));
  const devices: string[] = [];
  for (let i = 0; i < DEVICES; i++) devices.push(await createDevice(owner, members[i % SUBSCRIBERS], `Soak ${i}`));
  const pid = await appPid(stack.child.pid!);
  const started = Date.now();
  const until = started + durationMs;

  // Live feeds: each member on their own owner: topic, as the feed subscribes.
  for (const member of members) {
    const client = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    realtime.push(client);
    await client.realtime.setAuth(await userToken(env.SUPABASE_JWT_SECRET, member.id));
    await new Promise<void>((resolve, reject) =>
      client
        .channel(`owner:${member.id}`, { config: { private: true } })
        .on("broadcast", { event: "entry" }, (message) => {
          delivered++;
          const ts = Date.parse((message.payload as { ts?: string }).ts ?? "");
          if (Number.isFinite(ts)) samples.live.push({ at: Date.now(), ms: Date.now() - ts });
        })
        .subscribe((status, error) => {
          if (status === "SUBSCRIBED") return resolve();
          if (stopping) return;
          const line = `${status}${error ? `: ${error.message}` : ""}`;
          if (status === "CHANNEL_ERROR" || status === "TIMED_OUT" || status === "CLOSED") {
            errors.live.push(line);
            reject(new Error(line));
          }
        }),
    );
  }

  // MCP: eight members' agents reading in a loop.
  const tools = [
    { name: "search_entries", arguments: { limit: 20 } },
    { name: "list_devices", arguments: {} },
    { name: "count_entries", arguments: {} },
  ];
  const mcpToken = (i: number) =>
    signToken(
      accessTokenClaims({
        origin: stack.appUrl,
        userId: members[i].id,
        clientId: `soak-agent-${i}`,
        scope: "busymate:read",
        ttlSeconds: 3600,
      }),
      tokenKeysFromEnv(env)!,
    );
  for (let i = 0; i < MCP_CLIENTS; i++) {
    const token = await mcpToken(i);
    const initialised = await mcpCall(stack.appUrl, token, "initialize", {
      protocolVersion: MCP_VERSION,
      capabilities: {},
      clientInfo: { name: `soak-agent-${i}`, version: "1.0.0" },
    });
    if (!initialised.result) throw new Error(`MCP initialize failed: ${JSON.stringify(initialised).slice(0, 300)}`);
    agents.push(token);
  }
  // Tokens live an hour at most: renewed every 10 minutes, as clients renew them.
  const RENEW_MS = 10 * 60_000;
  const mcpLoops = agents.map(async (first, i) => {
    let token = first;
    let minted = Date.now();
    for (let n = i; Date.now() < until; n++) {
      if (Date.now() - minted > RENEW_MS) [token, minted] = [await mcpToken(i), Date.now()];
      const t = performance.now();
      try {
        const answer = await mcpCall(stack.appUrl, token, "tools/call", tools[n % tools.length]);
        const result = answer.result as { isError?: boolean; content?: unknown } | undefined;
        if (!result) errors.mcp.push(JSON.stringify(answer.error ?? answer).slice(0, 200));
        else if (result.isError) errors.mcp.push(JSON.stringify(result.content).slice(0, 200));
      } catch (error) {
        errors.mcp.push((error as Error).message);
      }
      samples.mcp.push({ at: Date.now(), ms: performance.now() - t });
      await new Promise((resolve) => setTimeout(resolve, MCP_PAUSE_MS));
    }
  });

  // Devices: a REST batch every second each, the CLI's idempotent insert.
  const tokens = await Promise.all(devices.map((uuid) => deviceToken(env.SUPABASE_JWT_SECRET, uuid)));
  const renewal = setInterval(() => {
    void (async () => {
      for (const [i, uuid] of devices.entries()) tokens[i] = await deviceToken(env.SUPABASE_JWT_SECRET, uuid);
      for (const [i, client] of realtime.entries())
        await client.realtime.setAuth(await userToken(env.SUPABASE_JWT_SECRET, members[i].id));
    })();
  }, RENEW_MS);
  const uploadLoops = devices.map(async (uuid, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i * 1000) / DEVICES)); // spread over the second
    for (let tick = 0; Date.now() < until; tick++) {
      const due = started + (i * 1000) / DEVICES + tick * 1000;
      const rows = Array.from({ length: ROWS_PER_BATCH }, (_, r) => ({
        ts: new Date().toISOString(),
        device_uuid: uuid,
        payload: payload(`https://api${i % 7}.soak.example/v1/items/${tick}/${r}?device=${i}`),
      }));
      const t = performance.now();
      try {
        const response = await fetch(`${env.NEXT_PUBLIC_SUPABASE_URL}/rest/v1/entries?on_conflict=capture_id,ts`, {
          method: "POST",
          headers: {
            apikey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
            authorization: `Bearer ${tokens[i]}`,
            "content-type": "application/json",
            prefer: "resolution=ignore-duplicates,return=minimal",
          },
          body: JSON.stringify(rows),
        });
        if (response.ok) uploaded += rows.length;
        else errors.upload.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
      } catch (error) {
        errors.upload.push((error as Error).message);
      }
      samples.upload.push({ at: Date.now(), ms: performance.now() - t });
      const wait = due + 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  });

  // RSS and connections every 5 s.
  const rss: { at: number; mb: number }[] = [];
  let maxConnections = 0;
  const sampler = (async () => {
    while (Date.now() < until) {
      rss.push({ at: Date.now() - started, mb: await rssMb(pid) });
      const { rows } = await owner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
      );
      maxConnections = Math.max(maxConnections, rows[0].n);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  })();

  await Promise.all([...uploadLoops, ...mcpLoops, sampler]);
  clearInterval(renewal);
  // Let the last broadcasts arrive.
  const settleUntil = Date.now() + 10_000;
  while (delivered < uploaded && Date.now() < settleUntil) await new Promise((resolve) => setTimeout(resolve, 200));
  const stored = Number((await owner.query("SELECT count(*) AS n FROM public.entries WHERE source = 'cli'")).rows[0].n);

  // Figures.
  const window = (surface: Surface, from: number, to: number) =>
    samples[surface].filter((s) => s.at - started >= from && s.at - started < to).map((s) => s.ms);
  const minute = Math.min(60_000, durationMs / 2);
  const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : "—");
  console.log(
    `\nLoad: ${DEVICES} devices × ${ROWS_PER_BATCH} captures/s, ${SUBSCRIBERS} live feeds, ${MCP_CLIENTS} MCP clients (a call every ${MCP_PAUSE_MS} ms each)`,
  );
  console.log(
    `Captures: ${uploaded} acknowledged = ${(uploaded / (durationMs / 1000)).toFixed(0)}/s; stored ${stored}; delivered live ${delivered} (${((delivered / Math.max(uploaded, 1)) * 100).toFixed(2)} %)`,
  );
  console.log(
    "\n| surface | calls | errors | p50 all | p95 all | p50 first min | p95 first min | p50 last min | p95 last min |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const surface of ["upload", "live", "mcp"] as const) {
    const all = samples[surface].map((s) => s.ms);
    const first = window(surface, 0, minute);
    const last = window(surface, durationMs - minute, durationMs + 1);
    console.log(
      `| ${surface} | ${all.length} | ${errors[surface].length} | ${fmt(percentile(all, 50))} | ${fmt(percentile(all, 95))} | ${fmt(percentile(first, 50))} | ${fmt(percentile(first, 95))} | ${fmt(percentile(last, 50))} | ${fmt(percentile(last, 95))} |`,
    );
  }
  for (const surface of ["upload", "live", "mcp"] as const)
    for (const line of [...new Set(errors[surface])].slice(0, 5)) console.log(`  ${surface} error: ${line}`);

  const half = rss.filter((r) => r.at >= durationMs / 2);
  const n = half.length;
  const meanX = half.reduce((s, r) => s + r.at, 0) / n;
  const meanY = half.reduce((s, r) => s + r.mb, 0) / n;
  const slope =
    half.reduce((s, r) => s + (r.at - meanX) * (r.mb - meanY), 0) / half.reduce((s, r) => s + (r.at - meanX) ** 2, 0);
  console.log(`\nApp RSS (pid ${pid}), MB every 5 s: ${rss.map((r) => r.mb.toFixed(0)).join(" ")}`);
  console.log(
    `RSS first ${rss[0]?.mb.toFixed(0)} MB, max ${Math.max(...rss.map((r) => r.mb)).toFixed(0)} MB, last ${rss.at(-1)?.mb.toFixed(0)} MB; slope over the second half ${(slope * 60_000).toFixed(1)} MB/min (${n} samples)`,
  );
  console.log(`PostgreSQL client connections, most seen: ${maxConnections}`);
  console.log(
    `Machine load after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const total = errors.upload.length + errors.live.length + errors.mcp.length;
  if (total > 0) process.exitCode = 1;
} finally {
  stopping = true;
  await Promise.all(realtime.map((client) => client.removeAllChannels().catch(() => undefined)));
  await owner.end();
  await stack.stop();
  await removeHome(options.home);
}
