import { EventEmitter } from "node:events";
import { describeError } from "../errors";
import type { DeviceSession } from "../server/device-session";
import { HttpError } from "../server/http";
import type { TrafficLogEntry } from "../../lib/capture/traffic-log-entry";
import { listSegments, readSegmentLines, removeSegment, setAside, writeSegment, type Segment } from "./spool";

export interface UploaderOptions {
  spoolDir: string;
  /** Rows per REST insert, and the request size that closes a batch early. */
  batchRows?: number;
  batchBytes?: number;
  /** A segment closes after this many rows or this long after its first row (500 ms keeps the feed live). */
  segmentRows?: number;
  segmentMs?: number;
  /** Bytes of rows kept in memory beside the disk copy; older segments are read back from disk. */
  memoryBytes?: number;
  /** The device to upload as; resolved per batch, so a re-pair takes effect. */
  session: DeviceSession;
}

export interface UploaderStats {
  captured: number;
  uploaded: number;
  pending: number;
  rejected: number;
  lastError?: string;
}

/** Retry delays while the server is away: quick at first, then every 10 s. */
const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000];

const UPLOAD_CONCURRENCY = 2;

/** Status codes that say "try again later" rather than "this batch is wrong". */
const TRANSIENT = new Set([401, 408, 425, 429, 500, 502, 503, 504]);

/**
 * Captures travel capture → segment on disk → REST insert as the device → segment deleted.
 * Every row carries its capture's UUID, and the insert ignores rows already stored
 * (`on_conflict=capture_id,ts`, 0016), so sending a segment again after a lost answer, a
 * server restart or a CLI restart never stores a capture twice: at-least-once delivery over
 * an idempotent insert is exactly-once storage.
 */
export class Uploader extends EventEmitter {
  private readonly queue: Segment[] = [];
  private open: string[] = [];
  private openTimer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private wake?: () => void;
  private stopped = false;
  private loop?: Promise<void>;
  private inMemoryBytes = 0;
  private spoolRefused = false;
  readonly stats: UploaderStats = { captured: 0, uploaded: 0, pending: 0, rejected: 0 };
  private readonly options: Required<Omit<UploaderOptions, "session">> & { session: DeviceSession };

  constructor(options: UploaderOptions) {
    super();
    this.options = {
      batchRows: 500,
      batchBytes: 4 * 1024 * 1024,
      segmentRows: 2_000,
      segmentMs: 500,
      memoryBytes: 16 * 1024 * 1024,
      ...options,
    };
  }

  /** Picks up what an earlier run left in the spool, then starts sending. */
  async start(): Promise<void> {
    const left = await listSegments(this.options.spoolDir);
    this.queue.push(...left);
    this.stats.pending += left.reduce((sum, segment) => sum + segment.count, 0);
    this.loop = this.run();
  }

  /** Takes one validated capture. Cheap and synchronous: the proxy calls it per exchange. */
  add(entry: TrafficLogEntry): void {
    this.open.push(JSON.stringify({ ts: entry.startedAt, payload: entry }));
    this.stats.captured++;
    this.stats.pending++;
    if (this.open.length >= this.options.segmentRows) this.closeSegment();
    else this.openTimer ??= setTimeout(() => this.closeSegment(), this.options.segmentMs);
  }

  private closeSegment(): void {
    clearTimeout(this.openTimer);
    this.openTimer = undefined;
    if (this.open.length === 0) return;
    const lines = this.open;
    this.open = [];
    // Segments are written one after another, so the queue keeps capture order.
    this.writing = this.writing.then(async () => {
      const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
      const segment: Segment = { count: lines.length, bytes, lines };
      this.inMemoryBytes += bytes;
      this.queue.push(segment);
      await this.persist();
      this.trimMemory();
      this.wake?.();
    });
  }

  /**
   * Writes every queued segment that has no disk copy yet. A refused write (ENOSPC on a full
   * disk, say) loses nothing: the rows stay in memory, are still uploaded from there, and are
   * written as soon as the disk takes them again; the problem is reported once per outage.
   */
  private async persist(): Promise<void> {
    for (const segment of [...this.queue]) {
      if (segment.file) continue;
      try {
        const written = await writeSegment(this.options.spoolDir, segment.lines!);
        // Uploaded from memory while it was being written: the copy is not needed.
        if (!this.queue.includes(segment)) await removeSegment(written);
        else segment.file = written.file;
      } catch (error) {
        const held = this.queue.filter((queued) => !queued.file).reduce((sum, queued) => sum + queued.count, 0);
        if (!this.spoolRefused) {
          this.stats.lastError = `cannot write the spool in ${this.options.spoolDir}: ${describeError(error)}; ${held} captures are held in memory until it can be written`;
          this.emit("problem", this.stats.lastError);
        }
        this.spoolRefused = true;
        return;
      }
    }
    if (this.spoolRefused) {
      this.spoolRefused = false;
      this.emit("spool-recovered", `the spool in ${this.options.spoolDir} is writable again`);
    }
  }

  /** Past the memory bound, the oldest waiting segments keep only their disk copy. */
  private trimMemory(): void {
    for (const segment of this.queue) {
      if (this.inMemoryBytes <= this.options.memoryBytes) return;
      // A segment without a disk copy keeps its rows: they exist nowhere else.
      if (segment.lines && segment.file) {
        this.inMemoryBytes -= segment.bytes;
        segment.lines = undefined;
      }
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const segment = this.queue[0];
      if (!segment) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      try {
        await this.send(segment);
        failures = 0;
      } catch (error) {
        if (error instanceof HttpError && !TRANSIENT.has(error.status)) {
          // Keeping the refused rows can itself fail (a full disk): say so rather than end the loop.
          const where = await setAside(segment, this.options.spoolDir).then(
            (file) => `kept in ${file}`,
            (keepError: unknown) => `they could not be kept (${describeError(keepError)})`,
          );
          this.dropFromQueue(segment);
          this.stats.rejected += segment.count;
          this.stats.lastError = `the server refused ${segment.count} captures (${error.message}); ${where}`;
          this.emit("problem", this.stats.lastError);
          continue;
        }
        this.stats.lastError = describeError(error);
        this.emit("offline", this.stats.lastError);
        const delay = BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)];
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private dropFromQueue(segment: Segment): void {
    this.queue.shift();
    this.stats.pending -= segment.count;
    if (segment.lines) this.inMemoryBytes -= segment.bytes;
  }

  private async send(segment: Segment): Promise<void> {
    const lines = segment.lines ?? (await readSegmentLines(segment.file!));
    const uuid = this.options.session.uuid;
    const batches: string[][] = [[]];
    let bytes = 0;
    for (const line of lines) {
      const current = batches[batches.length - 1];
      if (
        current.length > 0 &&
        (current.length >= this.options.batchRows || bytes + line.length > this.options.batchBytes)
      ) {
        batches.push([]);
        bytes = 0;
      }
      batches[batches.length - 1].push(line);
      bytes += line.length;
    }
    const post = (batch: string[]) =>
      this.options.session.rest("entries?on_conflict=capture_id,ts", {
        method: "POST",
        headers: { prefer: "return=minimal,resolution=ignore-duplicates" },
        // Each spooled row is {"ts":…,"payload":…}: the device's uuid goes in front, unparsed.
        body: `[${batch.map((line) => `{"device_uuid":"${uuid}",${line.slice(1)}`).join(",")}]`,
      });
    // Two inserts in flight keep the server's two halves (REST and PostgreSQL) busy at once.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(UPLOAD_CONCURRENCY, batches.length) }, async () => {
        while (next < batches.length) await post(batches[next++]);
      }),
    );
    await removeSegment(segment);
    this.dropFromQueue(segment);
    this.stats.uploaded += segment.count;
    this.emit("uploaded", segment.count);
  }

  /** Closes the open segment and waits (up to `timeoutMs`) for the queue to empty; the rest stays spooled. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.closeSegment();
    await this.writing;
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      this.wake?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.queue.length === 0;
  }

  async stop(): Promise<void> {
    this.closeSegment();
    await this.writing;
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }
}
