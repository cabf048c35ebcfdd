import os from "node:os";
import type { DeviceSession } from "../server/device-session";

/** `online(device_status)` means a heartbeat within 90 s; every 30 s leaves room for two misses. */
export const HEARTBEAT_MS = 30_000;

/** This machine's first non-internal IPv4 address, as the dashboard shows it. */
export function localAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  return null;
}

export async function sendHeartbeat(session: DeviceSession): Promise<void> {
  await session.rest("device_status?on_conflict=device_uuid", {
    method: "POST",
    headers: { prefer: "return=minimal,resolution=merge-duplicates" },
    body: JSON.stringify({
      device_uuid: session.uuid,
      last_heartbeat_at: new Date().toISOString(),
      ip: localAddress(),
      source: "cli",
    }),
  });
}

/** Heartbeats until stopped; a failed one is only reported (the next one tries again). */
export function startHeartbeats(session: DeviceSession, onProblem: (message: string) => void): () => void {
  const beat = () => sendHeartbeat(session).catch((error: Error) => onProblem(`heartbeat: ${error.message}`));
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
