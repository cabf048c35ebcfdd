import "server-only";
import type pg from "pg";
import { CAPTURE_SOURCES, type TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { AppError, invalid, notFound } from "@/lib/errors";
import { importId, mendHarEntry } from "./mend";
import { HarFormatError, harEntriesOf } from "./stream";

/**
 * A HAR upload into `entries`, as `busymate import` reads a file: the same streaming reader and
 * mending rules (lib/har), the same deterministic ids (a second import of the file stores
 * nothing new), the same per-entry skips with their reasons. It runs inside the caller's one
 * transaction (withClaims), so RLS and 0021's check bind every insert, and a file that turns
 * out not to be a HAR — or is cut short — leaves nothing behind.
 */

export type CaptureSource = TrafficLogEntry["source"];
export const isCaptureSource = (value: string): value is CaptureSource =>
  (CAPTURE_SOURCES as readonly string[]).includes(value);

export interface ImportReport {
  entries: number;
  imported: number;
  /** New rows; an entry imported before is not stored twice. */
  stored: number;
  skipped: { index: number; reason: string }[];
  /** Skipped entries beyond those listed. */
  skipped_more: number;
  mended: Record<string, number>;
}

export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;
const LISTED_SKIPS = 200;

/** Text chunks of an upload, refusing it once it is over `maxBytes`. */
async function* textOf(body: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let bytes = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes)
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `The HAR file is over ${maxBytes / 1024 / 1024} MiB.`,
        "Split it, or import it with `busymate import`, which has no limit.",
      );
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export async function importHar(
  client: pg.PoolClient,
  input: { device: string; source: CaptureSource; body: ReadableStream<Uint8Array>; maxBytes?: number },
): Promise<ImportReport> {
  const [access] = (
    await client.query<{ can: boolean; visible: boolean }>(
      "SELECT public.has_capability('entries', 'edit') AS can, EXISTS (SELECT 1 FROM public.devices WHERE uuid = $1) AS visible",
      [input.device],
    )
  ).rows;
  if (!access.can)
    throw new AppError(
      "FORBIDDEN",
      "Importing captures needs the entries edit capability.",
      "Ask an admin for a role with entries: edit.",
    );
  if (!access.visible) throw notFound(`Device ${input.device}`, "Choose one of your devices (list_devices).");

  const report: ImportReport = { entries: 0, imported: 0, stored: 0, skipped: [], skipped_more: 0, mended: {} };
  let batch: { ts: string; payload: TrafficLogEntry }[] = [];
  let batchIndexes: number[] = [];
  let batchChars = 0;
  const skip = (index: number, reason: string) => {
    if (report.skipped.length < LISTED_SKIPS) report.skipped.push({ index, reason });
    else report.skipped_more++;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      const result = await client.query(
        `INSERT INTO public.entries (ts, device_uuid, payload)
         SELECT (r ->> 'ts')::timestamptz, $1, r -> 'payload' FROM jsonb_array_elements($2::jsonb) AS r
         ON CONFLICT (capture_id, ts) DO NOTHING`,
        [input.device, JSON.stringify(batch)],
      );
      report.stored += result.rowCount ?? 0;
    } catch (error) {
      // 0021's check names the row in this insert; say which entry of the file it was.
      const found = /^entries\[(\d+)\]\.(.*)$/.exec((error as Error).message);
      if ((error as { code?: string }).code === "23514" && found)
        throw invalid("file", `HAR entry #${batchIndexes[Number(found[1])]}: ${found[2]}`, "Nothing was imported.");
      throw error;
    }
    batch = [];
    batchIndexes = [];
    batchChars = 0;
  };
  try {
    for await (const raw of harEntriesOf(textOf(input.body, input.maxBytes ?? IMPORT_MAX_BYTES), "The upload")) {
      report.entries++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.text);
      } catch (error) {
        skip(raw.index, `not valid JSON (${(error as Error).message})`);
        continue;
      }
      const result = mendHarEntry(parsed, { id: importId(raw.index, raw.text), source: input.source });
      if ("skipped" in result) {
        skip(raw.index, result.skipped);
        continue;
      }
      for (const reason of result.mended) report.mended[reason] = (report.mended[reason] ?? 0) + 1;
      report.imported++;
      batch.push({ ts: result.entry.startedAt, payload: result.entry });
      batchIndexes.push(raw.index);
      batchChars += raw.text.length;
      if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof HarFormatError)
      throw invalid("file", error.message, "Export the HAR again; nothing was imported.");
    throw error;
  }
  return report;
}
