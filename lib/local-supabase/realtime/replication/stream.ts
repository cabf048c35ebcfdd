import { randomBytes } from "node:crypto";
import pg from "pg";
import { dateToPgTimestamp, decodePgOutput, type PgOutputMessage } from "./pgoutput";

/**
 * The one database listener of the Realtime service: a logical replication connection
 * streaming `pgoutput` for the publications it is given. Transactions arrive whole, after
 * commit, in commit order.
 *
 * The slot is a permanent one named for this stand-in, so a dropped connection resumes
 * where consumers left off: nothing committed while it was down is lost. (A TEMPORARY slot
 * dies with its connection, and the gap with it.) The slot is dropped at close; one left by a
 * stand-in that was killed is dropped by the next start, so WAL is never held for long.
 */
export interface ReplicationHandler {
  message(message: PgOutputMessage): void;
  /** The stream broke; changes are held by the slot until `resumed`. */
  interrupted(reason: string): void;
  /** Streaming again; `lost` when the slot itself was gone and changes meanwhile are not delivered. */
  resumed(lost: boolean): void;
}

export interface ReplicationOptions {
  databaseUrl: string;
  publications: string[];
  handler: ReplicationHandler;
  log: (line: string) => void;
}

/** pg's Connection as used here: the raw protocol stream of a client in COPY BOTH mode. */
interface RawConnection {
  on(event: "copyData", listener: (message: { chunk: Buffer }) => void): void;
  once(event: "replicationStart", listener: () => void): void;
  sendCopyFromChunk(chunk: Buffer): void;
  stream: { pause(): void; resume(): void };
}

const STATUS_INTERVAL_MS = 10_000;
const SLOT_PREFIX = "busymate_realtime_";

/** Whether a process of this machine is alive (slots are named after their stand-in's pid). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
const RECONNECT_DELAYS_MS = [100, 500, 1_000, 2_000, 5_000];

export class ReplicationStream {
  private client?: pg.Client;
  private closing = false;
  private acknowledged = 0n;
  private received = 0n;
  private statusTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private attempts = 0;
  private paused = false;
  private readonly slot = `${SLOT_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  private slotCreated = false;

  constructor(private readonly options: ReplicationOptions) {}

  /**
   * Resolves once the slot exists and changes committed from now on will be streamed. Called
   * again after a lost connection: the slot is reused, so streaming resumes at the last
   * acknowledged transaction. Resolves to whether the slot had to be made anew.
   */
  async start(): Promise<{ created: boolean }> {
    if (!this.slotCreated) await this.dropAbandonedSlots();
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      replication: "database",
      application_name: "busymate-realtime",
    } as pg.ClientConfig);
    client.on("error", (error) => this.lost(client, error.message));
    client.on("end", () => this.lost(client, "connection ended"));
    await client.connect();
    this.client = client;
    const slot = this.slot;
    // A logical walsender also answers plain SQL (simple protocol); the name is ours, no quoting needed.
    const exists =
      this.slotCreated &&
      (await client.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = '${slot}'`)).rows.length > 0;
    if (!exists) await client.query(`CREATE_REPLICATION_SLOT ${slot} LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    const created = !exists;
    this.slotCreated = true;
    const connection = (client as unknown as { connection: RawConnection }).connection;
    const started = new Promise<void>((resolve) => connection.once("replicationStart", resolve));
    connection.on("copyData", ({ chunk }) => this.onCopyData(connection, chunk));
    const publications = this.options.publications.map((name) => `"${name.replace(/"/g, '""')}"`).join(",");
    // The query only completes when streaming stops; its failure is the stream's failure.
    client
      .query(
        `START_REPLICATION SLOT ${slot} LOGICAL 0/0 (proto_version '1', publication_names '${publications.replace(/'/g, "''")}')`,
      )
      .catch((error: Error) => this.lost(client, error.message));
    await started;
    this.statusTimer = setInterval(() => this.sendStatus(connection, false), STATUS_INTERVAL_MS);
    this.statusTimer.unref();
    return { created };
  }

  /** Slot housekeeping runs on a plain connection of its own (the walsender holds the slot). */
  private async withPlainConnection(work: (client: pg.Client) => Promise<void>): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: "busymate-realtime-cleanup",
    });
    try {
      await client.connect();
      await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Slots of stand-ins that are no longer running hold WAL for nobody. */
  private dropAbandonedSlots(): Promise<void> {
    return this.withPlainConnection(async (client) => {
      const { rows } = await client.query<{ slot_name: string }>(
        "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'logical' AND NOT active AND starts_with(slot_name, $1)",
        [SLOT_PREFIX],
      );
      for (const { slot_name } of rows) {
        const pid = Number(slot_name.slice(SLOT_PREFIX.length).split("_")[0]);
        if (pid && processAlive(pid)) continue;
        await client.query("SELECT pg_drop_replication_slot($1)", [slot_name]).catch(() => undefined);
        this.options.log(`realtime: dropped the abandoned replication slot ${slot_name}`);
      }
    });
  }

  /** Everything up to `lsn` has been delivered; the server may recycle that WAL. */
  acknowledge(lsn: bigint): void {
    if (lsn > this.acknowledged) this.acknowledged = lsn;
  }

  /** Flow control: stop reading while consumers catch up (nothing is lost, the slot holds it). */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    (this.client as unknown as { connection?: RawConnection } | undefined)?.connection?.stream.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    (this.client as unknown as { connection?: RawConnection } | undefined)?.connection?.stream.resume();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.statusTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    if (this.slotCreated) await this.dropSlot();
  }

  /** The walsender lets go of the slot a moment after its connection ends: retry briefly. */
  private async dropSlot(): Promise<void> {
    await this.withPlainConnection(async (client) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const { rows } = await client.query<{ active: boolean }>(
          "SELECT active FROM pg_replication_slots WHERE slot_name = $1",
          [this.slot],
        );
        if (rows.length === 0) return;
        if (!rows[0].active) {
          await client.query("SELECT pg_drop_replication_slot($1)", [this.slot]);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      this.options.log(`realtime: replication slot ${this.slot} still in use at close; the next start drops it`);
    }).catch((error: Error) =>
      this.options.log(`realtime: could not drop replication slot ${this.slot}: ${error.message}`),
    );
  }

  private onCopyData(connection: RawConnection, chunk: Buffer): void {
    const kind = chunk[0];
    if (kind === 0x77 /* w: XLogData */) {
      const walEnd = chunk.readBigUInt64BE(9);
      if (walEnd > this.received) this.received = walEnd;
      this.options.handler.message(decodePgOutput(chunk.subarray(25)));
    } else if (kind === 0x6b /* k: primary keepalive */) {
      const walEnd = chunk.readBigUInt64BE(1);
      if (walEnd > this.received) this.received = walEnd;
      if (chunk[17] === 1) this.sendStatus(connection, false);
    }
  }

  /** Standby status update: written = what we received, flushed/applied = what consumers finished. */
  private sendStatus(connection: RawConnection, replyRequested: boolean): void {
    if (!this.client) return;
    const message = Buffer.alloc(34);
    message[0] = 0x72; // r
    message.writeBigUInt64BE(this.received, 1);
    message.writeBigUInt64BE(this.acknowledged, 9);
    message.writeBigUInt64BE(this.acknowledged, 17);
    message.writeBigInt64BE(dateToPgTimestamp(new Date()), 25);
    message[33] = replyRequested ? 1 : 0;
    connection.sendCopyFromChunk(message);
  }

  private lost(client: pg.Client, reason: string): void {
    if (this.closing || this.client !== client) return;
    this.client = undefined;
    clearInterval(this.statusTimer);
    client.end().catch(() => undefined);
    this.options.log(`realtime: replication stream lost (${reason}); reconnecting`);
    this.options.handler.interrupted(reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length - 1)];
    this.attempts++;
    this.reconnectTimer = setTimeout(() => {
      this.paused = false;
      this.start().then(
        ({ created }) => {
          this.attempts = 0;
          this.options.log(
            `realtime: replication stream restored${created ? " on a new slot (changes meanwhile are lost)" : ""}`,
          );
          this.options.handler.resumed(created);
        },
        (error: Error) => {
          this.options.log(`realtime: replication reconnect failed: ${error.message}`);
          const failed = this.client;
          this.client = undefined;
          failed?.end().catch(() => undefined);
          if (!this.closing) this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}
