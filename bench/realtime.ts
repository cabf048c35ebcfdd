import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { freePort } from "@/lib/embedded/ports";
import { startLocalSupabase } from "@/lib/local-supabase";
import { createApiKeys } from "@/lib/local-supabase/keys";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npx tsx bench/realtime.ts`: database insert → broadcast received, through the local
 * Supabase stand-in's Realtime, by 100 subscribers of one topic.
 *  - latency: messages sent at a steady rate with `realtime.send` (one per transaction),
 *    timed from just before the INSERT is issued to each subscriber's callback: p50/p95.
 *  - throughput: a burst of messages inserted into realtime.messages in batches of 100 rows
 *    (as the entries trigger writes them), timed until every subscriber has every message:
 *    messages/s (each one delivered to all 100) and deliveries/s.
 * Subscribers are 100 real supabase-js clients; a second round uses 100 bare WebSocket
 * clients that only count frames, to show what the stand-in itself sustains when the
 * clients cost (almost) nothing. Baseline, same run: LISTEN/NOTIFY on the same database,
 * the cheapest way PostgreSQL can tell one Node client about a commit.
 * Separate processes: PostgreSQL and the inserts here, the stand-in in a child (as it runs
 * beside the app in `npm start`), the subscribers in two more (one per core; on 2 cores all
 * of them compete, and 100 clients decoding every frame cost far more than the stand-in).
 * Targets (issue 4): p95 < 100 ms, ≥ 2,000 messages/s.
 */

const SUBSCRIBERS = 100;
/** Subscribers are spread over this many processes, one per core, so the clients' own decoding can use the machine. */
const SUBSCRIBER_PROCESSES = 2;
const LATENCY_MESSAGES = 300;
const LATENCY_RATE_PER_S = 100;
/** Sent first and not measured: every process (JIT, socket buffers, the walsender) warmed up. */
const WARMUP_MESSAGES = 200;
const BURST_MESSAGES = 10_000;
const BURST_BATCH = 100;
const TOPIC = "bench";

type Kind = "supabase-js" | "raw";
type Report = { latencies: number[]; lastBurstAt: number };

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const childEnv = (value: unknown) => ({ ...process.env, BENCH_REALTIME_CHILD: JSON.stringify(value) });
const childConfig = <T>() => JSON.parse(process.env.BENCH_REALTIME_CHILD!) as T;

/** Child: the stand-in. */
async function serve(): Promise<void> {
  const { databaseUrl, secrets } = childConfig<{ databaseUrl: string; secrets: Parameters<typeof createApiKeys>[0] }>();
  const standIn = await startLocalSupabase({
    mode: "embedded",
    host: "127.0.0.1",
    port: await freePort(),
    databaseUrl,
    keys: await createApiKeys(secrets),
    // Only the stand-in's own notices (a client falling behind, say), not every request.
    log: (line) => line.startsWith("realtime:") && console.error(line),
  });
  process.send!({ url: standIn.url });
  process.on("message", async (message) => {
    if (message === "cpu") return process.send!(process.cpuUsage());
    await standIn.close();
    process.exit(0);
  });
}

/** Child: the subscribers. Reports once every subscriber has every message. */
async function subscribers(): Promise<void> {
  const { url, apikey, kind, count } = childConfig<{ url: string; apikey: string; kind: Kind; count: number }>();
  const latencies: number[][] = [];
  const bursts: number[] = [];
  let lastBurstAt = 0;
  const onMessage = (index: number, event: string, payload: { sent?: number }) => {
    if (event === "latency") latencies[index].push(now() - payload.sent!);
    else if (event === "burst") {
      bursts[index]++;
      lastBurstAt = now();
    }
  };
  const closers: Array<() => unknown> = [];
  for (let index = 0; index < count; index++) {
    latencies.push([]);
    bursts.push(0);
    if (kind === "supabase-js") {
      const client = createClient(url, apikey, { auth: { persistSession: false, autoRefreshToken: false } });
      await new Promise<void>((resolve, reject) =>
        client
          .channel(TOPIC)
          .on("broadcast", { event: "*" }, ({ event, payload }) => onMessage(index, event, payload))
          .subscribe((status, error) =>
            status === "SUBSCRIBED" ? resolve() : status !== "CLOSED" && reject(error ?? new Error(status)),
          ),
      );
      closers.push(() => client.removeAllChannels());
    } else {
      // Node's own WebSocket, as supabase-js uses, without the Phoenix client on top.
      const ws = new WebSocket(`${url.replace("http", "ws")}/realtime/v1/websocket?apikey=${apikey}&vsn=2.0.0`);
      await new Promise((resolve) => ws.addEventListener("open", resolve, { once: true }));
      const joined = new Promise((resolve) => ws.addEventListener("message", resolve, { once: true }));
      ws.send(
        JSON.stringify([
          "1",
          "1",
          `realtime:${TOPIC}`,
          "phx_join",
          { config: { broadcast: {}, presence: { key: "", enabled: false }, postgres_changes: [], private: false } },
        ]),
      );
      await joined;
      // What any client must do at least: decode the frame.
      ws.addEventListener("message", (event) => {
        const [, , , , body] = JSON.parse(event.data as string) as [
          unknown,
          unknown,
          string,
          string,
          { event: string; payload: { sent?: number } },
        ];
        onMessage(index, body.event, body.payload);
      });
      closers.push(() => ws.close());
    }
  }
  process.send!({ ready: true });
  process.on("message", async (message: { expect?: { latency: number; burst: number }; stop?: true }) => {
    if (message.stop) {
      await Promise.all(closers.map((close) => close()));
      process.exit(0);
    }
    const { latency, burst } = message.expect!;
    while (!(latencies.every((list) => list.length >= latency) && bursts.every((count) => count >= burst)))
      await sleep(5);
    process.send!({ latencies: latencies.flat(), lastBurstAt } satisfies Report);
  });
}

/** BENCH_PROFILE_DIR=<dir> writes a CPU profile of the stand-in process there. */
function spawnChild(mode: string, config: unknown): ChildProcess {
  const profile =
    mode === "--serve" && process.env.BENCH_PROFILE_DIR
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
  return fork(import.meta.filename, [mode], { execArgv: [...process.execArgv, ...profile], env: childEnv(config) });
}

function nextMessage<T>(child: ChildProcess, timeoutMs = 180_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a bench child did not answer in time")), timeoutMs);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once("exit", (code) => reject(new Error(`a bench child exited (${code})`)));
  });
}

/** The stand-in's CPU time so far (user + system), in seconds. */
async function standInCpu(standIn: ChildProcess): Promise<number> {
  const usage = nextMessage<NodeJS.CpuUsage>(standIn);
  standIn.send("cpu");
  const { user, system } = await usage;
  return (user + system) / 1e6;
}

async function measureRealtime(owner: pg.Pool, standIn: ChildProcess, url: string, apikey: string, kind: Kind) {
  const children = Array.from({ length: SUBSCRIBER_PROCESSES }, () =>
    spawnChild("--subscribers", { url, apikey, kind, count: SUBSCRIBERS / SUBSCRIBER_PROCESSES }),
  );
  try {
    await Promise.all(children.map((child) => nextMessage(child)));
    // Latency: a steady stream, one message per transaction, after a warm-up at the same rate.
    const stream = async (count: number, event: string) => {
      const started = now();
      const inserts: Promise<unknown>[] = [];
      for (let i = 0; i < count; i++) {
        const due = started + (i * 1000) / LATENCY_RATE_PER_S;
        if (due > now()) await sleep(due - now());
        inserts.push(
          owner.query("SELECT realtime.send(jsonb_build_object('sent', $1::float8), $2, $3, false)", [
            now(),
            event,
            TOPIC,
          ]),
        );
      }
      await Promise.all(inserts);
    };
    await stream(WARMUP_MESSAGES, "warmup");
    await sleep(1000);
    await stream(LATENCY_MESSAGES, "latency");
    // Throughput: batched inserts from 4 connections at once.
    const cpuBefore = await standInCpu(standIn);
    const burstStarted = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let batch = next++; batch < BURST_MESSAGES / BURST_BATCH; batch = next++) {
          await owner.query(
            `INSERT INTO realtime.messages (topic, extension, event, private, payload)
             SELECT $1, 'broadcast', 'burst', false, jsonb_build_object('i', g) FROM generate_series($2::int, $3::int) g`,
            [TOPIC, batch * BURST_BATCH, (batch + 1) * BURST_BATCH - 1],
          );
        }
      }),
    );
    const insertSeconds = (now() - burstStarted) / 1000;
    const reports = children.map((child) => nextMessage<Report>(child));
    for (const child of children) child.send({ expect: { latency: LATENCY_MESSAGES, burst: BURST_MESSAGES } });
    const done = await Promise.all(reports);
    const latencies = done.flatMap((report) => report.latencies);
    const lastBurstAt = Math.max(...done.map((report) => report.lastBurstAt));
    const cpuSeconds = (await standInCpu(standIn)) - cpuBefore;
    const perSecond = BURST_MESSAGES / ((lastBurstAt - burstStarted) / 1000);
    const cpuPerDelivery = (cpuSeconds * 1e6) / (BURST_MESSAGES * SUBSCRIBERS);
    return {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      samples: latencies.length,
      perSecond,
      insertSeconds,
      cpuPerDelivery,
    };
  } finally {
    await Promise.all(
      children.map((child) => {
        child.send({ stop: true });
        return new Promise((resolve) => child.once("exit", resolve));
      }),
    );
  }
}

async function measureNotify(databaseUrl: string, owner: pg.Pool) {
  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  const latencies: number[] = [];
  let burst = 0;
  let lastAt = 0;
  listener.on("notification", (message) => {
    if (message.channel === "bench_latency") latencies.push(now() - Number(message.payload));
    else if (++burst === BURST_MESSAGES) lastAt = now();
  });
  await listener.query("LISTEN bench_latency; LISTEN bench_burst");
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    await owner.query("SELECT pg_notify('bench_latency', $1)", [String(now())]);
    await sleep(1000 / LATENCY_RATE_PER_S);
  }
  const started = now();
  for (let batch = 0; batch < BURST_MESSAGES / BURST_BATCH; batch++)
    await owner.query("SELECT pg_notify('bench_burst', g::text) FROM generate_series(1, $1) g", [BURST_BATCH]);
  while (burst < BURST_MESSAGES || latencies.length < LATENCY_MESSAGES) await sleep(5);
  await listener.end();
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    perSecond: BURST_MESSAGES / ((lastAt - started) / 1000),
  };
}

async function main(): Promise<void> {
  const db = await startTempPostgres();
  const owner = new pg.Pool({ connectionString: db.url, max: 8 });
  // PostgreSQL stops at the end while the pool may still be closing its idle connections.
  owner.on("error", () => undefined);
  const secrets = {
    jwtSecret: randomBytes(40).toString("base64url"),
    publishableKey: `sb_publishable_${randomBytes(18).toString("base64url")}`,
    secretKey: `sb_secret_${randomBytes(18).toString("base64url")}`,
  };
  const standIn = spawnChild("--serve", { databaseUrl: db.url, secrets });
  try {
    const { url } = await nextMessage<{ url: string }>(standIn);
    const real = await measureRealtime(owner, standIn, url, secrets.publishableKey, "supabase-js");
    const raw = await measureRealtime(owner, standIn, url, secrets.publishableKey, "raw");
    const notify = await measureNotify(db.url, owner);
    const load = os.loadavg()[0].toFixed(1);
    const f = (value: number, digits = 1) => value.toFixed(digits).padStart(11);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(
      `Realtime: ${SUBSCRIBERS} subscribers of one topic (protocol 2.0.0) in ${SUBSCRIBER_PROCESSES} processes; the stand-in and the inserts in their own.`,
    );
    console.log(
      `Machine: ${os.cpus().length} cores, load average ${load} at the end of the run (other work on the machine slows the clients first).`,
    );
    console.log(
      `\nlatency, insert → callback (${LATENCY_MESSAGES} messages at ${LATENCY_RATE_PER_S}/s, ${real.samples} deliveries), ms`,
    );
    console.log("                                              p50         p95   target p95 < 100 ms");
    console.log(
      `realtime.send → 100 supabase-js clients ${f(real.p50, 2)} ${f(real.p95, 2)}   ${verdict(real.p95 < 100)}`,
    );
    console.log(`realtime.send → 100 bare sockets        ${f(raw.p50, 2)} ${f(raw.p95, 2)}`);
    console.log(`baseline: pg_notify → 1 listener        ${f(notify.p50, 2)} ${f(notify.p95, 2)}`);
    console.log(
      `\nthroughput (${BURST_MESSAGES.toLocaleString()} messages inserted in batches of ${BURST_BATCH}), until every subscriber has every message`,
    );
    console.log(
      "                                       messages/s  deliveries/s   insert time   target ≥ 2,000 messages/s",
    );
    console.log(
      `→ 100 supabase-js clients            ${f(real.perSecond, 0)}  ${f(real.perSecond * SUBSCRIBERS, 0)}   ${f(real.insertSeconds, 2)} s   ${verdict(real.perSecond >= 2000)}`,
    );
    console.log(
      `→ 100 bare sockets                   ${f(raw.perSecond, 0)}  ${f(raw.perSecond * SUBSCRIBERS, 0)}   ${f(raw.insertSeconds, 2)} s   ${verdict(raw.perSecond >= 2000)}`,
    );
    console.log(`baseline: pg_notify → 1 listener     ${f(notify.perSecond, 0)}  ${f(notify.perSecond, 0)}`);
    // The stand-in's own cost, independent of how busy the clients (or other processes) keep the machine.
    const cpu = (real.cpuPerDelivery + raw.cpuPerDelivery) / 2;
    console.log(
      `\nstand-in CPU during the bursts: ${real.cpuPerDelivery.toFixed(2)} / ${raw.cpuPerDelivery.toFixed(2)} µs per delivery (supabase-js / bare sockets)`,
    );
    console.log(
      `  → one core sustains ≈ ${Math.round(1e6 / cpu).toLocaleString()} deliveries/s ≈ ${Math.round(1e6 / cpu / SUBSCRIBERS).toLocaleString()} messages/s to ${SUBSCRIBERS} subscribers`,
    );
  } finally {
    standIn.send("stop");
    await new Promise((resolve) => standIn.once("exit", resolve));
    await owner.end();
    await db.stop();
  }
}

if (process.argv.includes("--serve")) await serve();
else if (process.argv.includes("--subscribers")) await subscribers();
else await main();
