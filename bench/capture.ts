import { execFileSync, fork, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import path from "node:path";
import tls from "node:tls";
import { paths, readDevice, writeDevice } from "@/cli/config";
import { freePort } from "@/lib/embedded/ports";
import { DeviceSession } from "@/cli/server/device-session";
import { Uploader } from "@/cli/upload/uploader";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { removeDir, runCli, spawnCli, startCliStack, tempConfigDir } from "@/cli/testing/stack";
import { startUpstream } from "@/cli/testing/upstream";

/**
 * `npm run bench:capture`: what `busymate capture` costs a client, beside a baseline in the
 * same run.
 *  - HTTPS through the proxy (a decrypted host, captured and uploaded to the real stack) vs
 *    direct to the same upstream: requests/s over 8 keep-alive connections, and added
 *    latency p50/p95 over one connection, for small (≈60 B) and 1 MB responses; plus a host
 *    outside the SSL list (tunnelled, never decrypted).
 *  - The CLI's RSS after 100,000 captured requests.
 *  - Upload rows/s: a spool of captures sent to the stack as the device (REST, batches).
 *  - mitmdump (mitmproxy) as a second baseline (installed when absent and possible).
 * Throughput and latency are measured in interleaved rounds so that each ratio compares
 * figures taken seconds apart.
 * Processes: the upstream HTTPS server in a child, the CLI in a child (as a person runs it),
 * the clients here, the stack beside them — all on the same (2-core) machine.
 */

const CONCURRENCY = 8;
const SMALL_REQUESTS = Number(process.env.BENCH_SMALL ?? 3_000);
const BIG_REQUESTS = Number(process.env.BENCH_BIG ?? 150);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RSS_REQUESTS = Number(process.env.BENCH_RSS ?? 100_000);
const UPLOAD_ROWS = Number(process.env.BENCH_UPLOAD ?? 20_000);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Child: the upstream HTTPS server; tells the parent its port and CA. */
async function serveUpstream(): Promise<void> {
  const upstream = await startUpstream({ record: false });
  process.once("SIGTERM", () => void upstream.close().then(() => process.exit(0)));
  process.on("message", () => process.send!({ connections: upstream.connections() }));
  process.send!({ port: upstream.port, caPath: upstream.caPath });
}

/** An https.Agent whose sockets are CONNECT tunnels through an HTTP proxy, kept alive and reused. */
function agentVia(proxy: string | undefined, ca: string[]): https.Agent {
  const agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca });
  if (!proxy) return agent;
  const { hostname, port } = new URL(proxy);
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: tls.ConnectionOptions & { host: string; port: number },
    callback: (error: Error | null, socket?: Duplex) => void,
  ) => {
    const connect = http.request({ host: hostname, port, method: "CONNECT", path: `${options.host}:${options.port}` });
    connect.once("connect", (response, socket) => {
      if (response.statusCode !== 200) return callback(new Error(`CONNECT answered ${response.statusCode}`));
      callback(null, tls.connect({ socket, servername: options.servername || options.host, ca }));
    });
    connect.once("error", (error) => callback(error));
    connect.end();
  };
  return agent;
}

function getOnce(agent: https.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = https.get(url, { agent }, (response) => {
      response.on("data", () => undefined);
      response.on("end", () => resolve(performance.now() - started));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** A kept-alive socket the other side closed while idle fails the first request sent on it: once more. */
async function get(agent: https.Agent, url: string): Promise<number> {
  try {
    return await getOnce(agent, url);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
    return getOnce(agent, url);
  }
}

async function load(agent: https.Agent, url: string, requests: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        latencies.push(await get(agent, url));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: requests / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

interface Row {
  label: string;
  rps: number;
  p50: number;
  p95: number;
}

async function measure(label: string, agent: https.Agent, url: string, requests: number): Promise<Row> {
  await load(agent, url, Math.min(200, requests), CONCURRENCY); // warm-up: connections, JIT, certificates
  const throughput = await load(agent, url, requests, CONCURRENCY);
  const latency = await load(agent, url, Math.min(LATENCY_REQUESTS, requests), 1);
  return { label, rps: throughput.rps, p50: latency.p50, p95: latency.p95 };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

function which(binary: string): string | undefined {
  try {
    return (
      execFileSync("sh", ["-c", `command -v ${binary}`])
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * mitmdump is the second baseline. Debian packages it; the bench installs it when it is
 * missing and it may (root, apt-get present), and says why not otherwise. Tests never need it.
 */
function mitmdumpPath(): string | undefined {
  const found = which("mitmdump");
  if (found) return found;
  if (process.getuid?.() !== 0 || !which("apt-get")) {
    console.log("mitmdump is not installed and this user cannot apt-get it: that baseline is skipped\n");
    return undefined;
  }
  console.log("installing mitmdump (Debian's mitmproxy) for the second baseline…");
  try {
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "mitmproxy"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch {
    console.log("apt-get could not install mitmproxy: that baseline is skipped\n");
    return undefined;
  }
  return which("mitmdump");
}

/** mitmdump (quiet, upstream certificates not checked) as a second intercepting baseline. */
async function startMitmdump(binary: string): Promise<{ agent: https.Agent; stop(): Promise<void> }> {
  const confdir = tempConfigDir();
  const port = await freePort();
  const child = spawn(
    binary,
    [
      "-q",
      "--listen-host",
      "127.0.0.1",
      "--listen-port",
      String(port),
      "--set",
      `confdir=${confdir}`,
      "--set",
      "ssl_insecure=true",
    ],
    { stdio: "ignore" },
  );
  const caFile = path.join(confdir, "mitmproxy-ca-cert.pem");
  const deadline = Date.now() + 30_000;
  while (!existsSync(caFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // listening shortly after writing its CA
  return {
    agent: agentVia(`http://127.0.0.1:${port}`, [readFileSync(caFile, "utf8")]),
    async stop() {
      child.kill();
      await removeDir(confdir);
    },
  };
}

interface Contender {
  label: string;
  agent: https.Agent;
  host: string;
}

/**
 * The machine is shared, and its load moves a baseline by 2–3× within one run. Each round
 * therefore measures the direct baseline and every proxy back to back, and a ratio is taken
 * within its round; the figures quoted are the median over rounds, with their range.
 */
async function rounds(
  size: string,
  url: (host: string) => string,
  requests: number,
  contenders: Contender[],
  count: number,
): Promise<void> {
  const byLabel = new Map<string, Row[]>();
  for (let round = 0; round < count; round++)
    for (const c of contenders) {
      const row = await measure(c.label, c.agent, url(c.host), requests);
      byLabel.set(c.label, [...(byLabel.get(c.label) ?? []), row]);
    }
  const median = (values: number[]) => percentile(values, 50);
  const direct = byLabel.get("direct")!;
  console.log(`\n${size} HTTPS, ${count} rounds of ${fmt(requests)} requests each (median, range over rounds)`);
  for (const c of contenders) {
    const rows = byLabel.get(c.label)!;
    const line = `  ${c.label.padEnd(30)} ${fmt(median(rows.map((r) => r.rps))).padStart(7)} req/s   p50 ${fmt(median(rows.map((r) => r.p50)), 2)} ms   p95 ${fmt(median(rows.map((r) => r.p95)), 2)} ms`;
    if (c.label === "direct") {
      console.log(`${line}   (${rows.map((r) => fmt(r.rps)).join(", ")} req/s by round)`);
      continue;
    }
    const ratios = rows.map((r, i) => r.rps / direct[i].rps);
    const addedP50 = rows.map((r, i) => r.p50 - direct[i].p50);
    const addedP95 = rows.map((r, i) => r.p95 - direct[i].p95);
    console.log(
      `${line}   ${fmt(median(ratios), 2)}× direct (${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}), added p50 ${fmt(median(addedP50), 2)} ms, p95 ${fmt(median(addedP95), 2)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const upstreamChild = fork(process.argv[1], {
    env: { ...process.env, BENCH_CAPTURE_CHILD: "upstream" },
    execArgv: process.execArgv,
  });
  const upstream = await new Promise<{ port: number; caPath: string }>((resolve) =>
    upstreamChild.once("message", resolve as never),
  );
  const harness = await startCliStack();
  const configDir = tempConfigDir();
  const env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: harness.stack.appUrl };
  let capture: ReturnType<typeof spawnCli> | undefined;
  let spooling: ReturnType<typeof spawnCli> | undefined;
  let awayDir: string | undefined;
  try {
    const device = await harness.newDevice("bench laptop");
    if ((await runCli(["pair", await harness.pairingCode(device)], env)).code !== 0) throw new Error("pairing failed");
    const { rows } = await harness.owner.query<{ id: string }>(
      "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('Bench', '{localhost}', $1) RETURNING id",
      [harness.person.id],
    );
    await harness.owner.query("INSERT INTO public.settings_device (device_uuid, data) VALUES ($1, $2)", [
      device,
      { service_group_ids: [rows[0].id] },
    ]);
    capture = spawnCli(["capture", "--port", "0", "--json", "--upstream-ca", upstream.caPath], env);
    const proxy = String((await capture.waitForEvent("listening", 60_000)).proxy);
    const upstreamCa = readFileSync(upstream.caPath, "utf8");
    const cliCa = readFileSync(path.join(configDir, "ca.pem"), "utf8");
    const direct = agentVia(undefined, [upstreamCa]);
    const viaProxy = agentVia(proxy, [cliCa]);
    const tunnel = agentVia(proxy, [upstreamCa]);
    const small = (host: string) => `https://${host}:${upstream.port}/hello`;
    const big = (host: string) => `https://${host}:${upstream.port}/big?bytes=1000000`;

    // A second CLI whose server is away: it decrypts and captures the same way but only spools,
    // which separates the proxy's own cost from the stack storing every capture on these same cores.
    awayDir = tempConfigDir();
    const awayPort = await freePort();
    await cp(configDir, awayDir, { recursive: true, filter: (source) => !source.includes(`${path.sep}spool`) });
    const away = (url: string) => url.replace(new URL(url).origin, `http://127.0.0.1:${awayPort}`);
    const paired = (await readDevice(awayDir))!;
    await writeDevice(
      {
        ...paired,
        server: away(paired.server),
        supabase_url: away(paired.supabase_url),
        token_endpoint: away(paired.token_endpoint),
      },
      awayDir,
    );
    spooling = spawnCli(["capture", "--port", "0", "--json", "--upstream-ca", upstream.caPath], {
      BUSYMATE_CONFIG_DIR: awayDir,
      BUSYMATE_SERVER: `http://127.0.0.1:${awayPort}`,
    });
    const spoolingProxy = String((await spooling.waitForEvent("listening", 60_000)).proxy);
    const spooled = agentVia(spoolingProxy, [readFileSync(path.join(awayDir, "ca.pem"), "utf8")]);

    const idleRss = rssOf(capture.process.pid!);
    console.log(`Capture bench (${CONCURRENCY} keep-alive connections for req/s; latency over 1 connection)`);
    const mitmdumpBinary = mitmdumpPath();
    const mitmdump = mitmdumpBinary ? await startMitmdump(mitmdumpBinary) : undefined;
    try {
      const contenders: Contender[] = [
        { label: "direct", agent: direct, host: "localhost" },
        { label: "busymate, decrypted + captured", agent: viaProxy, host: "localhost" },
        { label: "busymate, decrypted, spooled", agent: spooled, host: "localhost" },
        { label: "busymate, tunnelled", agent: tunnel, host: "127.0.0.1" },
        ...(mitmdump ? [{ label: "mitmdump, decrypted", agent: mitmdump.agent, host: "localhost" }] : []),
      ];
      await rounds("small", small, SMALL_REQUESTS, contenders, ROUNDS);
      await rounds("1 MB", big, BIG_REQUESTS, contenders, ROUNDS);
    } finally {
      await mitmdump?.stop();
    }

    upstreamChild.send("connections?");
    const { connections } = await new Promise<{ connections: number }>((resolve) =>
      upstreamChild.once("message", resolve as never),
    );
    console.log(
      `  upstream TLS connections accepted over all of the above: ${connections} (reused, not one per request)`,
    );

    // RSS after many captured requests (they are captured, spooled and uploaded as they go).
    const pid = capture.process.pid!;
    const before = rssOf(pid);
    const started = performance.now();
    await load(viaProxy, small("localhost"), RSS_REQUESTS, CONCURRENCY);
    const seconds = (performance.now() - started) / 1000;
    const after = rssOf(pid);
    console.log(
      `\nCLI RSS: ${fmt(idleRss / 1048576, 1)} MB idle at start, ${fmt(before / 1048576, 1)} MB before, ${fmt(after / 1048576, 1)} MB after ${fmt(RSS_REQUESTS)} captured requests (${fmt(RSS_REQUESTS / seconds)} req/s)`,
    );
    const waitDeadline = Date.now() + 120_000;
    let stored = 0;
    while (Date.now() < waitDeadline) {
      stored = Number(
        (await harness.owner.query("SELECT count(*) FROM public.entries WHERE device_uuid = $1", [device])).rows[0]
          .count,
      );
      if (stored >= RSS_REQUESTS) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`  stored in entries so far: ${fmt(stored)} (${fmt(rssOf(pid) / 1048576, 1)} MB RSS once uploaded)`);
    await capture.stop();
    capture = undefined;

    // Upload rows/s: a spool of small captures sent as the device, batch by batch.
    const session = new DeviceSession((await readDevice(configDir))!);
    const uploader = new Uploader({ spoolDir: path.join(paths(configDir).spool, "bench"), session });
    await uploader.start();
    const template = (i: number): TrafficLogEntry => ({
      id: crypto.randomUUID(),
      startedAt: new Date().toISOString(),
      source: "cli",
      request: {
        method: "GET",
        url: `https://upload.bench/items/${i}`,
        httpVersion: "HTTP/1.1",
        headers: [{ name: "accept", value: "*/*" }],
      },
      response: {
        status: 200,
        statusText: "OK",
        httpVersion: "HTTP/1.1",
        headers: [{ name: "content-type", value: "application/json" }],
        body: { encoding: "text", content: '{"ok":true}', size: 11, truncated: false },
      },
      timings: { send: 0, wait: 1, receive: 0 },
    });
    const uploadStarted = performance.now();
    for (let i = 0; i < UPLOAD_ROWS; i++) uploader.add(template(i));
    await uploader.drain(300_000);
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    await uploader.stop();
    console.log(
      `\nUpload: ${fmt(UPLOAD_ROWS)} rows in ${fmt(uploadSeconds, 1)} s = ${fmt(UPLOAD_ROWS / uploadSeconds)} rows/s (batches of 500, as the device over REST)`,
    );
  } finally {
    await capture?.stop();
    await spooling?.stop();
    upstreamChild.kill();
    await harness.close();
    await removeDir(configDir);
    if (awayDir) await removeDir(awayDir);
  }
}

if (process.env.BENCH_CAPTURE_CHILD === "upstream") await serveUpstream();
else {
  await main();
  process.exit(0);
}
