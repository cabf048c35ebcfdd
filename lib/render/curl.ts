import { utf8ByteLength } from "@/lib/capture/bytes";
import { base64ToBytes, bytesToText } from "./bytes";
import { SecretScanner, type Part as SecretPart, type Placeholder } from "@/lib/secrets/detect";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * Copy as cURL: a captured request as a command that sends it again. With placeholders, every
 * credential (found by lib/secrets, the detector get_entry uses too) becomes a named shell variable — `"$AUTHORIZATION"` — so the
 * command can be shared as is and run after `export AUTHORIZATION=…`; the list of names comes
 * back beside it. Arguments are single-quoted, variables double-quoted: nothing in a captured
 * value can run as shell.
 */

type CapturedRequest = TrafficLogEntry["request"];
export type SecretHandling = "keep" | "placeholders";

/** A piece of one shell word: literal text, or a secret's variable. */
type Part = SecretPart;

export interface CurlCommand {
  command: string;
  placeholders: Placeholder[];
}

/** Binary bodies up to this size are inlined through printf; larger ones are left out (and said so). */
const MAX_INLINE_BINARY = 64 * 1024;

function renderWord(parts: Part[]): string {
  let out = "";
  let literal = "";
  const flush = () => {
    if (literal) out += `'${literal.replaceAll("'", `'\\''`)}'`;
    literal = "";
  };
  for (const part of parts) {
    if (typeof part === "string") literal += part;
    else {
      flush();
      out += `"$${part.secret}"`;
    }
  }
  flush();
  return out || "''";
}

/** One argument line of the command: an option and its value's parts (or a bare option). */
interface Arg {
  option: string;
  value?: Part[];
}

interface BodyArgs {
  lines: Arg[];
  /** printf … | for a binary body, so NUL bytes survive the shell. */
  pipeFrom?: string;
  notes: string[];
}

function octalEscape(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    out +=
      byte >= 0x20 && byte < 0x7f && ch !== "\\" && ch !== "%" && ch !== "'"
        ? ch
        : `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return out;
}

function bodyArgs(body: NonNullable<CapturedRequest["body"]>, contentType: string, redactor: SecretScanner): BodyArgs {
  const notes: string[] = [];
  let text: string | null = body.content;
  let bytes: Uint8Array | null = null;
  if (body.encoding === "base64") {
    bytes = base64ToBytes(body.content);
    text = bytesToText(bytes);
  }
  if (body.truncated) {
    const kept = bytes ? bytes.length : utf8ByteLength(body.content);
    notes.push(
      `# The captured body was truncated (${kept} of ${body.size} bytes kept): this command sends only the captured part.`,
    );
  }
  if (text === null && bytes) {
    if (bytes.length > MAX_INLINE_BINARY) {
      notes.push(
        `# A binary body of ${bytes.length} bytes is left out: save it to body.bin and add --data-binary @body.bin`,
      );
      return { lines: [], notes };
    }
    return { lines: [{ option: "--data-binary @-" }], pipeFrom: `printf '${octalEscape(bytes)}'`, notes };
  }
  const mime = (body.mimeType ?? contentType).toLowerCase();
  const content = text ?? "";
  const parts = redactor.body(content, mime, "body");
  return { lines: [{ option: "--data-raw", value: parts }], notes };
}

/** Headers curl writes itself, or that describe the captured connection rather than the request. */
const DROPPED_HEADERS = new Set([
  "content-length",
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
  "proxy-connection",
]);

export function toCurl(request: CapturedRequest, { secrets }: { secrets: SecretHandling }): CurlCommand {
  const redactor = new SecretScanner(secrets === "placeholders");
  const args: Arg[] = [{ option: "curl", value: redactor.url(request.url.split("#")[0]) }];
  const hasBody = Boolean(request.body?.content);
  if (request.method === "HEAD") args.push({ option: "--head" });
  else if (!(request.method === "GET" && !hasBody) && !(request.method === "POST" && hasBody))
    args.push({ option: `-X ${request.method}` });

  let compressed = false;
  let contentType = "";
  const headers = request.headers.filter((h) => !h.name.startsWith(":") && !DROPPED_HEADERS.has(h.name.toLowerCase()));
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    // curl asks for and decodes compressed responses itself; a raw accept-encoding would print bytes.
    if (lower === "accept-encoding") {
      compressed = true;
      continue;
    }
    if (lower === "content-type") contentType = header.value;
    args.push({ option: "-H", value: [`${header.name}: `, ...redactor.header(header.name, header.value)] });
  }
  // Captures that keep cookies only in the parsed list (HAR imports) still send them.
  if (request.cookies?.length && !headers.some((h) => h.name.toLowerCase() === "cookie")) {
    args.push({
      option: "-H",
      value: ["Cookie: ", ...redactor.header("Cookie", request.cookies.map((c) => `${c.name}=${c.value}`).join("; "))],
    });
  }

  const body = hasBody && request.body ? bodyArgs(request.body, contentType, redactor) : { lines: [], notes: [] };
  args.push(...body.lines);
  if (compressed) args.push({ option: "--compressed" });

  // Rendered last, when every secret is known, so a copy of one elsewhere is hidden too.
  const curl = args
    .map((arg) => (arg.value ? `${arg.option} ${renderWord(redactor.everywhere(arg.value))}` : arg.option))
    .join(" \\\n  ");
  const command = [...body.notes, body.pipeFrom ? `${body.pipeFrom} | ${curl}` : curl].join("\n");
  return { command, placeholders: redactor.placeholders };
}
