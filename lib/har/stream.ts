import { createReadStream } from "node:fs";

/**
 * Yields the items of `log.entries` one by one as JSON text, reading the file in chunks, so a
 * HAR of any size costs the memory of one entry. It tracks only what it must: nesting, strings
 * and their escapes, and the keys on the way down to log.entries. Each item is then parsed
 * with JSON.parse, which is where malformed JSON inside an entry is caught.
 */
export interface RawEntry {
  index: number;
  text: string;
}

/** The file is not a HAR (or is cut short): nothing in it should be imported. */
export class HarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HarFormatError";
  }
}

export function harEntries(file: string, onBytes: (bytes: number) => void = () => undefined): AsyncGenerator<RawEntry> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  return harEntriesOf(stream as AsyncIterable<string>, file, onBytes);
}

/** The same over any source of text chunks (an upload's body); `name` says what it is in errors. */
export async function* harEntriesOf(
  stream: AsyncIterable<string>,
  name: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<RawEntry> {
  const containers: string[] = [];
  const keys: (string | undefined)[] = [];
  let inString = false;
  let escaped = false;
  let stringText = "";
  let lastString: string | undefined;
  let inEntries = false;
  let sawEntries = false;
  let capture: string[] | undefined;
  let captureStart = 0;
  let index = 0;
  let first = true;
  let finishedEntries = false;
  // Inside log.entries, between items: the next non-blank character starts one.
  let expectItem = false;

  for await (const piece of stream) {
    let chunk = piece;
    onBytes(Buffer.byteLength(chunk));
    // A UTF-8 byte-order mark is not JSON; editors and some tools write one anyway.
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (!/^\s*\{/.test(chunk))
        throw new HarFormatError(`${name} is not a HAR file: it does not start with a JSON object.`);
    }
    captureStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (expectItem && !inString && char !== "{" && char !== "]" && !/\s/.test(char)) {
        // A string, number or literal where an entry belongs: passed on so it is reported, not lost.
        expectItem = false;
        if (char !== ",") yield { index: index++, text: "null" };
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (char === "\\") escaped = true;
        else if (char === '"') {
          inString = false;
          if (!capture) lastString = stringText;
        } else if (!capture && containers.length <= 2) stringText += char;
        continue;
      }
      switch (char) {
        case '"':
          inString = true;
          stringText = "";
          break;
        case ":":
          if (!capture) keys[containers.length] = lastString;
          break;
        case ",":
          if (inEntries && !capture && containers.length === 3) expectItem = true;
          break;
        case "{":
        case "[":
          containers.push(char);
          if (capture) break;
          if (char === "[" && containers.length === 3 && keys[1] === "log" && keys[2] === "entries") {
            inEntries = true;
            sawEntries = true;
            expectItem = true;
          } else if (inEntries && containers.length === 4) {
            expectItem = false;
            capture = [];
            captureStart = i;
          }
          break;
        case "}":
        case "]":
          containers.pop();
          if (capture && containers.length === 3) {
            capture.push(chunk.slice(captureStart, i + 1));
            yield { index: index++, text: capture.join("") };
            capture = undefined;
          } else if (inEntries && containers.length === 2) {
            inEntries = false;
            expectItem = false;
            finishedEntries = true;
          }
          break;
        default:
          break;
      }
    }
    if (capture) capture.push(chunk.slice(captureStart));
  }
  if (!sawEntries) throw new HarFormatError(`${name} is not a HAR file: it has no log.entries array.`);
  if (!finishedEntries)
    throw new HarFormatError(`${name} ends inside log.entries: the file is cut short (${index} entries read).`);
}
