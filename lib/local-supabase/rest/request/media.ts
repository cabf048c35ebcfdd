import { mediaTypeError, type RestError } from "../errors";

/**
 * Content negotiation (PostgREST's `MediaType.hs` / `Plan/Negotiate.hs`) for the media types
 * a Supabase project serves: JSON, the single-object JSON, CSV and JSON with nulls stripped.
 * Plans (`db-plan-enabled` is off on Supabase) and GeoJSON (needs PostGIS) are refused
 * with PGRST107 like PostgREST refuses them there.
 */
export type ResponseMedia =
  { kind: "json"; stripNulls: boolean } | { kind: "single"; stripNulls: boolean } | { kind: "csv" };

interface AcceptEntry {
  mime: string;
  params: Map<string, string>;
  quality: number;
}

function parseEntry(text: string): AcceptEntry {
  const [type, ...rest] = text.split(";").map((part) => part.trim());
  const params = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf("=");
    if (at > 0)
      params.set(
        part.slice(0, at).trim().toLowerCase(),
        part
          .slice(at + 1)
          .trim()
          .replace(/^"|"$/g, ""),
      );
  }
  const quality = params.has("q") ? Number(params.get("q")) : 1;
  return { mime: type.toLowerCase(), params, quality: Number.isFinite(quality) ? quality : 1 };
}

/** The accepted types in preference order (quality, then as written). */
export function parseAccept(header: string | undefined): AcceptEntry[] {
  if (!header || !header.trim()) return [parseEntry("*/*")];
  return header
    .split(",")
    .filter((part) => part.trim())
    .map(parseEntry)
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.quality > 0)
    .sort((a, b) => b.entry.quality - a.entry.quality || a.index - b.index)
    .map(({ entry }) => entry);
}

function match(entry: AcceptEntry): ResponseMedia | undefined {
  const stripNulls = entry.params.get("nulls") === "stripped";
  switch (entry.mime) {
    case "*/*":
    case "application/json":
      return { kind: "json", stripNulls: false };
    case "application/vnd.pgrst.array+json":
    case "application/vnd.pgrst.array":
      return { kind: "json", stripNulls };
    case "application/vnd.pgrst.object+json":
    case "application/vnd.pgrst.object":
      return { kind: "single", stripNulls };
    case "text/csv":
      return { kind: "csv" };
    default:
      return undefined;
  }
}

export function negotiate(header: string | undefined): ResponseMedia | RestError {
  const entries = parseAccept(header);
  for (const entry of entries) {
    const media = match(entry);
    if (media) return media;
  }
  return mediaTypeError(entries.map((entry) => entry.mime));
}

export function contentType(media: ResponseMedia): string {
  switch (media.kind) {
    case "csv":
      return "text/csv; charset=utf-8";
    case "single":
      return `application/vnd.pgrst.object+json${media.stripNulls ? ";nulls=stripped" : ""}; charset=utf-8`;
    default:
      return media.stripNulls
        ? "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8"
        : "application/json; charset=utf-8";
  }
}
