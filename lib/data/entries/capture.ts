import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import type { CallOperation } from "@/lib/operations/registry-types";

/** One capture with its payload, fetched only when it is opened (the list never holds bodies). */
export interface EntryDetail {
  id: number;
  ts: string;
  received_at: string;
  device_uuid: string;
  tag_ids: string[];
  payload: TrafficLogEntry;
}

export async function fetchEntry(call: CallOperation, id: number): Promise<EntryDetail | null> {
  try {
    const capture = await call("get_capture", { entry_id: id });
    return { ...capture, payload: capture.payload as unknown as TrafficLogEntry };
  } catch (error) {
    // A link to a capture that is gone or not yours opens the empty pane, not an error.
    if ((error as { code?: string }).code === "NOT_FOUND") return null;
    throw error;
  }
}
