import pg from "pg";
import { RestError } from "../errors";
import { loadSchemaCache } from "./load";
import type { SchemaCache } from "./types";

export type { SchemaCache } from "./types";

const CHANNEL = "pgrst";
const RECONNECT_MS = 1_000;

/**
 * The schema cache and its reloads: read at start, read again on `NOTIFY pgrst` (empty
 * payload or `reload schema`, as PostgREST), and after the listening connection is lost
 * and re-established (changes may have been missed meanwhile). Requests never wait for a
 * reload; they use the cache that was current when they started.
 */
export class SchemaCacheHolder {
  /** One cache per exposed schema, all loaded and replaced together. */
  private cache: Promise<Map<string, SchemaCache>>;
  private listener?: pg.Client;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private loadsStarted = 0;
  private loadApplied = 0;
  /** Resolves after each completed reload, for tests that change the schema. */
  private reloadWaiters: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly databaseUrl: string,
    private readonly schemas: readonly string[],
    private readonly log: (line: string) => void,
  ) {
    this.cache = this.load();
    void this.listen();
  }

  /**
   * The current cache of an exposed schema; a failed load answers PGRST002 and is retried by
   * the next request.
   */
  async get(schema: string): Promise<SchemaCache> {
    try {
      const caches = await this.cache;
      return caches.get(schema)!;
    } catch {
      this.cache = this.load();
      throw new RestError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
    }
  }

  /** Reloads now and resolves when the new cache is in place. */
  async reload(): Promise<void> {
    // DDL triggers send bursts of notifications, so loads overlap and may finish out of
    // order: a load that started later read a later catalog, and an earlier one finishing
    // after it must not put the older cache back.
    const started = ++this.loadsStarted;
    const next = this.load();
    await next;
    if (started > this.loadApplied) {
      this.loadApplied = started;
      this.cache = next;
    }
    for (const resolve of this.reloadWaiters.splice(0)) resolve();
  }

  /** Resolves after the next reload completes (whatever triggered it). */
  nextReload(): Promise<void> {
    return new Promise((resolve) => this.reloadWaiters.push(resolve));
  }

  private async load(): Promise<Map<string, SchemaCache>> {
    const started = performance.now();
    const caches = new Map<string, SchemaCache>();
    for (const schema of this.schemas) caches.set(schema, await loadSchemaCache(this.pool, schema));
    const count = (pick: (cache: SchemaCache) => number) => [...caches.values()].reduce((sum, c) => sum + pick(c), 0);
    this.log(
      `rest: schema cache loaded (${count((c) => c.tables.size)} relations, ${count((c) => c.routines.size)} functions) in ${(performance.now() - started).toFixed(0)}ms`,
    );
    return caches;
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: "busymate-local-supabase-rest-listener",
    });
    this.listener = client;
    client.on("error", (error) => {
      this.log(`rest: schema listener error: ${error.message}`);
      this.scheduleReconnect(client);
    });
    client.on("end", () => this.scheduleReconnect(client));
    client.on("notification", (message) => {
      if (message.channel !== CHANNEL) return;
      const payload = message.payload ?? "";
      if (payload === "" || payload === "reload schema") {
        this.reload().catch((error: unknown) => this.log(`rest: schema reload failed: ${(error as Error).message}`));
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      this.log(`rest: schema listener could not connect: ${(error as Error).message}`);
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.closed || this.listener !== client || this.reconnectTimer) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      // Notifications sent while disconnected are lost, so reload once connected again.
      void this.listen().then(() => this.reload().catch(() => undefined));
    }, RECONNECT_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }
}
