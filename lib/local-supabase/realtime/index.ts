import { sendJson } from "../http";
import type { Service, StandInContext } from "../service";

/** Supabase Realtime (Phoenix channels over WebSocket) under /realtime/v1. */
export async function createRealtimeService(_context: StandInContext): Promise<Service> {
  return {
    async handle(_req, res) {
      sendJson(res, 404, { message: "Not found" });
    },
    async close() {},
  };
}
