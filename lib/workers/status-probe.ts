import type pg from "pg";
import { createHostSampler, type HostMetrics } from "./host-metrics";
import type { Job } from "./schedule";

/**
 * The infrastructure status snapshot (service_status, id = 1) in the shape of the stats &
 * status seed, refreshed every 10 s: host metrics plus one reachability probe per component.
 */
export interface ComponentStatus {
  key: string;
  label: string;
  probe: { up: boolean; httpStatus?: number; latencyMs: number; error?: string };
}

export interface StatusSnapshot {
  overall: "ok" | "degraded" | "down";
  host: HostMetrics;
  components: ComponentStatus[];
}

export interface ProbeTargets {
  appUrl: string;
  supabaseUrl: string;
  /** The secret key: REST is probed as the service role, which may read service_status. */
  secretKey: string;
  timeoutMs?: number;
}

export function rollUp(components: ComponentStatus[]): StatusSnapshot["overall"] {
  const up = components.filter((component) => component.probe.up).length;
  if (up === components.length) return "ok";
  return up === 0 ? "down" : "degraded";
}

async function timed(run: () => Promise<{ up: boolean; httpStatus?: number }>): Promise<ComponentStatus["probe"]> {
  const started = performance.now();
  try {
    const result = await run();
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { up: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

async function httpProbe(url: string, timeoutMs: number, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return { up: response.ok, httpStatus: response.status };
}

/** Opens the Realtime socket and waits for the reply to a Phoenix heartbeat. */
async function realtimeProbe(supabaseUrl: string, apikey: string, timeoutMs: number) {
  const url = `${supabaseUrl.replace(/^http/, "ws")}/realtime/v1/websocket?apikey=${encodeURIComponent(apikey)}&vsn=1.0.0`;
  const socket = new WebSocket(url);
  try {
    return await new Promise<{ up: boolean }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no heartbeat reply within ${timeoutMs} ms`)), timeoutMs);
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error("websocket error"));
      };
      socket.onopen = () =>
        socket.send(JSON.stringify({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "probe" }));
      socket.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as {
          event?: string;
          ref?: string;
          payload?: { status?: string };
        };
        if (frame.event === "phx_reply" && frame.ref === "probe") {
          clearTimeout(timer);
          resolve({ up: frame.payload?.status === "ok" });
        }
      };
    });
  } finally {
    socket.close();
  }
}

export async function probeComponents(client: pg.PoolClient, targets: ProbeTargets): Promise<ComponentStatus[]> {
  const timeout = targets.timeoutMs ?? 3000;
  const key = { apikey: targets.secretKey, authorization: `Bearer ${targets.secretKey}` };
  const [dashboard, auth, rest, realtime] = await Promise.all([
    timed(() => httpProbe(`${targets.appUrl}/health`, timeout)),
    timed(() => httpProbe(`${targets.supabaseUrl}/auth/v1/health`, timeout, key)),
    timed(() => httpProbe(`${targets.supabaseUrl}/rest/v1/service_status?select=id&limit=1`, timeout, key)),
    timed(() => realtimeProbe(targets.supabaseUrl, targets.secretKey, timeout)),
  ]);
  // Sequential with the HTTP probes done: the client is the job's own transaction.
  const database = await timed(async () => {
    await client.query("SELECT 1");
    return { up: true };
  });
  return [
    { key: "dashboard", label: "Dashboard", probe: dashboard },
    { key: "database", label: "Database", probe: database },
    { key: "auth", label: "Auth", probe: auth },
    { key: "rest", label: "REST API", probe: rest },
    { key: "realtime", label: "Realtime", probe: realtime },
  ];
}

export function statusProbe(targets: ProbeTargets): Job {
  const sampleHost = createHostSampler();
  return {
    name: "status probe",
    everyMs: 10_000,
    lockKey: 7_412_002,
    async run(client) {
      const components = await probeComponents(client, targets);
      const snapshot: StatusSnapshot = { overall: rollUp(components), host: sampleHost(), components };
      await client.query("UPDATE public.service_status SET snapshot = $1, updated_at = now() WHERE id = 1", [snapshot]);
    },
  };
}
