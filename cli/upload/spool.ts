import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The on-disk spool: captures wait here until the server has them. Each segment is one
 * JSONL file of rows (`{"ts":…,"payload":…}`), written whole and renamed into place, so a
 * segment on disk is always complete; it is never changed, only deleted once uploaded.
 * Names sort by creation (`seg-<ms>-<seq>.jsonl`), which is upload order across restarts.
 */

const SEGMENT = /^seg-\d{13}-\d{6}\.jsonl$/;

export interface Segment {
  /** Absent while the disk refused it (full): the rows then live only in `lines` until a write succeeds. */
  file?: string;
  count: number;
  bytes: number;
  /** The rows, while they are also kept in memory; read back from disk when dropped. */
  lines?: string[];
}

let sequence = 0;

export async function writeSegment(dir: string, lines: string[]): Promise<Segment> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `seg-${String(Date.now()).padStart(13, "0")}-${String(sequence++ % 1_000_000).padStart(6, "0")}.jsonl`;
  const file = path.join(dir, name);
  const text = `${lines.join("\n")}\n`;
  try {
    await writeFile(`${file}.tmp`, text, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  } catch (error) {
    // A half-written tmp file on a full disk would hold the space the next write needs.
    await unlink(`${file}.tmp`).catch(() => undefined);
    throw error;
  }
  return { file, count: lines.length, bytes: Buffer.byteLength(text), lines };
}

export async function readSegmentLines(file: string): Promise<string[]> {
  return (await readFile(file, "utf8")).split("\n").filter((line) => line.length > 0);
}

/** Segments left by an earlier run (or a crash), oldest first. */
export async function listSegments(dir: string): Promise<Segment[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const segments: Segment[] = [];
  for (const name of names.filter((n) => SEGMENT.test(n)).sort()) {
    const file = path.join(dir, name);
    const lines = await readSegmentLines(file);
    segments.push({ file, count: lines.length, bytes: lines.reduce((sum, line) => sum + line.length + 1, 0) });
  }
  return segments;
}

export async function removeSegment(segment: Segment): Promise<void> {
  if (!segment.file) return;
  await unlink(segment.file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

/** A segment the server refused as invalid is kept aside for a person to look at, not retried forever. */
export async function setAside(segment: Segment, spoolDir: string): Promise<string> {
  const dir = path.join(spoolDir, "rejected");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!segment.file) {
    const written = await writeSegment(dir, segment.lines ?? []);
    return written.file!;
  }
  const target = path.join(dir, path.basename(segment.file));
  await rename(segment.file, target);
  return target;
}

export async function spoolBacklog(dir: string): Promise<number> {
  return (await listSegments(dir)).reduce((sum, segment) => sum + segment.count, 0);
}
