import { randomBytes } from "node:crypto";
import pg from "pg";
import { dateToPgTimestamp, decodePgOutput, type PgOutputMessage } from "./pgoutput";

/**
 * The one database listener of the Realtime service: a logical replication connection
 * streaming `pgoutput` for the publications it is given. Its slot is TEMPORARY, so it
 * lives exactly as long as the connection and never holds WAL back after the stand-in
 * stops. Transactions arrive whole, after commit, in commit order.
 */
export interface ReplicationHandler {
  message(message: PgOutputMessage): void;
  /** The stream broke: changes committed until `resumed` are not delivered. */
  interrupted(reason: string): void;
  resumed(): void;
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

  constructor(private readonly options: ReplicationOptions) {}

  /** Resolves once the slot exists and changes committed from now on will be streamed. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, replication: "database", application_name: "busymate-realtime" } as pg.ClientConfig);
    client.on("error", (error) => this.lost(client, error.message));
    client.on("end", () => this.lost(client, "connection ended"));
    await client.connect();
    this.client = client;
    const slot = `busymate_realtime_${process.pid}_${randomBytes(4).toString("hex")}`;
    await client.query(`CREATE_REPLICATION_SLOT ${slot} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    const connection = (client as unknown as { connection: RawConnection }).connection;
    const started = new Promise<void>((resolve) => connection.once("replicationStart", resolve));
    connection.on("copyData", ({ chunk }) => this.onCopyData(connection, chunk));
    const publications = this.options.publications.map((name) => `"${name.replace(/"/g, '""')}"`).join(",");
    // The query only completes when streaming stops; its failure is the stream's failure.
    client
      .query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0 (proto_version '1', publication_names '${publications.replace(/'/g, "''")}')`)
      .catch((error: Error) => this.lost(client, error.message));
    await started;
    this.statusTimer = setInterval(() => this.sendStatus(connection, false), STATUS_INTERVAL_MS);
    this.statusTimer.unref();
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
        () => {
          this.attempts = 0;
          this.options.log("realtime: replication stream restored");
          this.options.handler.resumed();
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
