import type { SupabaseClient } from "@supabase/supabase-js";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { unwrap } from "../errors";

/** One capture with its payload, fetched only when it is opened (the list never holds bodies). */
export interface EntryDetail {
  id: number;
  ts: string;
  received_at: string;
  device_uuid: string;
  payload: TrafficLogEntry;
}

export async function fetchEntry(supabase: SupabaseClient, id: number): Promise<EntryDetail | null> {
  const rows = unwrap<EntryDetail[]>(
    await supabase.from("entries").select("id,ts,received_at,device_uuid,payload").eq("id", id).limit(1),
    "open the capture",
  );
  return rows[0] ?? null;
}
