import { AppError } from "@/lib/errors";
import { filterInput, type FeedFilters } from "@/lib/feed/filters";

/**
 * The browser's side of HAR import and export: the two routes take a file body and give one
 * back, which operations over JSON do not, so these are the only fetches outside useOperations.
 */

export interface ImportReport {
  entries: number;
  imported: number;
  stored: number;
  skipped: { index: number; reason: string }[];
  skipped_more: number;
  mended: Record<string, number>;
}

export const IMPORT_SOURCES = [
  { value: "proxy", label: "A proxy or HTTP tool (Charles, Proxyman, mitmproxy…)" },
  { value: "cdp", label: "A browser's developer tools (Chrome, Firefox, Safari)" },
  { value: "vpn", label: "The phone VPN" },
  { value: "pac", label: "A PAC-configured proxy" },
  { value: "cli", label: "The busymate CLI" },
] as const;

/** The query string of an export: the feed's filters as export_entries takes them, lists comma-joined. */
export function exportQuery(filters: FeedFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filterInput(filters)))
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  return params.toString();
}

function errorOf(status: number, text: string): AppError {
  return (
    AppError.from(safeJson(text)) ??
    new AppError(status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST", text.slice(0, 300) || `HTTP ${status}`)
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Uploads a .har with progress (bytes sent of total); resolves with the server's report. */
export function uploadHar(
  file: File,
  target: { device: string; source: string },
  token: string,
  onProgress: (sent: number, total: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ device: target.device, source: target.source });
    xhr.open("POST", `/api/har/import?${query}`);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new AppError("SERVICE_UNAVAILABLE", "The upload did not reach the server."));
    xhr.onload = () => {
      if (xhr.status === 200) resolve(JSON.parse(xhr.responseText) as ImportReport);
      else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.send(file);
  });
}

/** Downloads a HAR of the feed's filters, reading the streamed answer with progress in bytes. */
export async function downloadHar(
  filters: FeedFilters,
  token: string,
  onProgress: (bytes: number) => void,
): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(`/api/har/export?${exportQuery(filters)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok || !response.body) throw errorOf(response.status, await response.text());
  const parts: BlobPart[] = [];
  let bytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.byteLength;
    onProgress(bytes);
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "busymate.har";
  return { blob: new Blob(parts, { type: "application/json" }), filename };
}
