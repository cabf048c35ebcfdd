import { z } from "zod";
import type { EntrySummary } from "./types";

/**
 * The summary the entries insert trigger broadcasts to `ws:<workspace_id>` (event "entry",
 * see 0005/0011 migrations), checked at the edge: a malformed message is dropped, never
 * rendered.
 */
const liveEntry = z.object({
  entry_id: z.number().int().positive(),
  ts: z.string(),
  device_uuid: z.string(),
  method: z.string(),
  host: z.string().nullable(),
  path: z.string(),
  status: z.number().int().nullable(),
  source: z.string(),
  duration_ms: z.number().nullable(),
  response_size: z.number().nullable().optional(),
});

export function summaryFromBroadcast(payload: unknown): EntrySummary | null {
  const parsed = liveEntry.safeParse(payload);
  if (!parsed.success) return null;
  const { entry_id, response_size, ...rest } = parsed.data;
  return { id: entry_id, ...rest, response_size: response_size ?? null };
}

export const workspaceTopic = (workspaceId: string) => `ws:${workspaceId}`;

/** Realtime allows 100 channels per socket; a person in more workspaces than this picks one. */
export const MAX_LIVE_TOPICS = 20;

/** Which topics carry the rows this view can show: the chosen workspace, or all the person's. */
export function liveTopics(workspace: string | null, visibleWorkspaces: readonly { id: string }[]): string[] {
  if (workspace) return [workspaceTopic(workspace)];
  return visibleWorkspaces.slice(0, MAX_LIVE_TOPICS).map((w) => workspaceTopic(w.id));
}
