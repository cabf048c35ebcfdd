import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { sendJson } from "../http";
import { translateKey } from "../keys";
import type { Service, StandInContext } from "../service";
import { ChangeProcessor } from "./changes/processor";
import { RealtimeConnection } from "./connection";
import { handleBroadcastApi } from "./http-broadcast";
import { startJanitor } from "./janitor";
import { listenForRevocations } from "./revocations";
import { createHub } from "./hub";
import { SUPPORTED_VSNS, type Vsn } from "./protocol/frames";
import { ChangeFeed } from "./replication/feed";
import { ReplicationStream } from "./replication/stream";
import { checkToken, upgradeRefusal } from "./tokens";

/** postgres_changes come from the first, broadcasts from the database from the second (migration 0007). */
export const PUBLICATIONS = ["supabase_realtime", "supabase_realtime_messages_publication"];

/** Phoenix closes a socket that sent nothing (not even a heartbeat) for this long. */
const IDLE_TIMEOUT_MS = 60_000;
/** Largest frame accepted from a client, as Realtime's payload limit. */
const MAX_FRAME_BYTES = 3_000 * 1024;

/** Streaming a publication that does not exist fails; without one, its half of Realtime is off (and said so). */
async function existingPublications(context: StandInContext): Promise<string[]> {
  const { rows } = await context.pool.query<{ pubname: string }>(
    "SELECT pubname FROM pg_publication WHERE pubname = ANY($1)",
    [PUBLICATIONS],
  );
  const existing = rows.map((row) => row.pubname);
  for (const missing of PUBLICATIONS.filter((name) => !existing.includes(name)))
    context.log(`realtime: publication ${missing} is missing; its changes are not streamed`);
  return existing;
}

function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason = status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/**
 * Supabase Realtime (Phoenix channels over WebSocket) under /realtime/v1: Broadcast,
 * Presence, private channels authorised by RLS on realtime.messages, and postgres_changes.
 * Changes come from one logical replication stream (see replication/stream.ts); the service
 * is ready only once that stream is, so nothing committed after start is missed.
 */
export async function createRealtimeService(context: StandInContext): Promise<Service> {
  const hub = createHub(context.pool, context.keys, context.log);
  const feed = new ChangeFeed(hub, new ChangeProcessor(hub.pool, hub.catalog, hub.changes, hub.log));
  const publications = await existingPublications(context);
  const stream = new ReplicationStream({
    databaseUrl: context.databaseUrl,
    publications,
    handler: feed,
    log: context.log,
  });
  feed.flow = stream;
  try {
    await stream.start();
  } catch (error) {
    throw new Error(
      `Realtime needs logical replication (wal_level=logical and a role allowed to replicate): ${(error as Error).message}`,
      { cause: error },
    );
  }
  hub.streaming = true;
  const stopJanitor = startJanitor(context.pool, context.log);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const connections = new Map<RealtimeConnection, { lastSeen: number }>();
  const idleSweep = setInterval(() => {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [connection, activity] of connections) if (activity.lastSeen < cutoff) connection.close();
  }, IDLE_TIMEOUT_MS / 2);
  idleSweep.unref();
  const stopRevocations = listenForRevocations(
    context.databaseUrl,
    (userId) => {
      for (const connection of connections.keys()) connection.revokeUser(userId, "This account has been deactivated");
    },
    context.log,
  );

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const vsn = (url.searchParams.get("vsn") ?? "1.0.0") as Vsn;
    if (!SUPPORTED_VSNS.includes(vsn)) return refuse(socket, 400, { error: `Unsupported protocol version ${vsn}` });
    const apikey = url.searchParams.get("apikey");
    if (!apikey) return refuse(socket, 401, { error: "API key is missing" });
    // The gateway's translation: an opaque key becomes the JWT it stands for.
    const token = translateKey(context.keys, apikey);
    if (!token)
      return refuse(socket, 401, {
        message: "Invalid API key",
        hint: "Double check your Supabase `anon` or `service_role` API key.",
      });
    const check = await checkToken(context.keys, token);
    if (!check.ok) {
      const refusal = upgradeRefusal(check);
      return refuse(socket, refusal.status, { error: refusal.error });
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const activity = { lastSeen: Date.now() };
      ws.on("message", () => (activity.lastSeen = Date.now()));
      const connection = new RealtimeConnection(ws, vsn, hub, token, (closed) => connections.delete(closed));
      connections.set(connection, activity);
    });
  }

  return {
    async handle(req, res, path, url) {
      if (await handleBroadcastApi(hub, req, res, path, url)) return;
      sendJson(res, 404, { message: "Not found" });
    },
    upgrade(req, socket, head, path, url) {
      if (path !== "/websocket") return refuse(socket, 404, { message: "Not found" });
      accept(req, socket, head, url).catch((error: Error) => {
        context.log(`realtime: upgrade failed: ${error.stack ?? error}`);
        socket.destroy();
      });
    },
    async close() {
      clearInterval(idleSweep);
      stopJanitor();
      await stopRevocations();
      for (const connection of [...connections.keys()]) connection.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await stream.close();
    },
  };
}
