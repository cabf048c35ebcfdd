import { utf8ByteLength } from "@/lib/capture/bytes";
import type { Body } from "@/lib/capture/traffic-log-entry";
import { base64ToBytes, bytesToText } from "./bytes";
import { detectImage } from "./image";

/**
 * What a captured body is, decided once for the detail pane: JSON (shown as a tree), text,
 * an image, or binary (shown as hex). Content types lie and are often missing, so the bytes
 * have the last word: an "application/octet-stream" PNG is still an image, and a body labelled
 * JSON that does not parse (usually because it was truncated) is shown as text.
 */
export type RenderedBody =
  | { kind: "empty" }
  | { kind: "json"; value: unknown; text: string }
  | { kind: "text"; text: string }
  | { kind: "image"; mimeType: string; dataUrl: string }
  | { kind: "binary"; bytes: Uint8Array };

type AnyBody = Pick<Body, "encoding" | "content" | "mimeType">;

const TEXTUAL =
  /^(text\/|application\/(.*[+/])?(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-ndjson)\b)|\+(json|xml)\b/;

export function isTextualMime(mime: string): boolean {
  return TEXTUAL.test(mime.toLowerCase());
}

const looksJson = (mime: string, text: string) => /[/+]json\b/.test(mime) || /^\s*[[{]/.test(text);

export function renderBody(body: AnyBody | undefined, headerMime?: string): RenderedBody {
  if (!body || body.content === "") return { kind: "empty" };
  const mime = (body.mimeType ?? headerMime ?? "").toLowerCase().split(";")[0].trim();
  let text: string | null;
  if (body.encoding === "base64") {
    const bytes = base64ToBytes(body.content);
    const image = detectImage(bytes, mime);
    if (image)
      return { kind: "image", mimeType: image, dataUrl: `data:${image};base64,${body.content.replace(/\s+/g, "")}` };
    text = bytesToText(bytes);
    if (text === null) return { kind: "binary", bytes };
  } else {
    text = body.content;
    // An SVG sent as text is still a picture; anything else textual is shown as text.
    if (mime === "image/svg+xml")
      return { kind: "image", mimeType: mime, dataUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}` };
  }
  if (looksJson(mime, text)) {
    try {
      return { kind: "json", value: JSON.parse(text), text };
    } catch {
      // Truncated or not JSON after all: fall through to text.
    }
  }
  return { kind: "text", text };
}

/** Bytes actually kept of a body, to compare with its original size. */
export function keptBytes(body: Pick<Body, "encoding" | "content">): number {
  if (body.encoding === "base64") return base64ToBytes(body.content).length;
  return utf8ByteLength(body.content);
}

/** The sentence shown above a truncated body, or null when it is whole. */
export function truncationNotice(
  body: Pick<Body, "encoding" | "content" | "size" | "truncated"> | undefined,
  format: (bytes: number) => string,
): string | null {
  if (!body?.truncated) return null;
  return `Truncated by the capturing device: showing the first ${format(keptBytes(body))} of ${format(body.size)}.`;
}
