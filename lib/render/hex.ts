/**
 * A classic hex dump of binary bodies: offset, sixteen bytes in two groups of eight, and the
 * printable ASCII beside them. Lines are produced for a window, so a large body is dumped in
 * pieces as the reader asks for more instead of all at once.
 */
export interface HexLine {
  offset: string;
  hex: string;
  ascii: string;
}

export const BYTES_PER_LINE = 16;

const hexByte = (b: number) => b.toString(16).padStart(2, "0");

export function hexLines(bytes: Uint8Array, fromLine = 0, lineCount = Infinity): HexLine[] {
  const lines: HexLine[] = [];
  const total = Math.ceil(bytes.length / BYTES_PER_LINE);
  const last = Math.min(total, fromLine + lineCount);
  for (let line = fromLine; line < last; line++) {
    const start = line * BYTES_PER_LINE;
    const chunk = bytes.subarray(start, start + BYTES_PER_LINE);
    const cells: string[] = [];
    for (let i = 0; i < BYTES_PER_LINE; i++) cells.push(i < chunk.length ? hexByte(chunk[i]) : "  ");
    lines.push({
      offset: start.toString(16).padStart(8, "0"),
      hex: `${cells.slice(0, 8).join(" ")}  ${cells.slice(8).join(" ")}`,
      ascii: Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join(""),
    });
  }
  return lines;
}

export const hexLineCount = (bytes: Uint8Array) => Math.ceil(bytes.length / BYTES_PER_LINE);
