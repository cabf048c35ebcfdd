import pg from "pg";
import { statementName } from "./prepared";

/**
 * Several statements sent to PostgreSQL in ONE write and answered in one round trip: each
 * is Parse/Bind/Describe/Execute of the extended protocol (values always bound), with a
 * single Sync at the end. PostgreSQL runs them in order and stops at the first error, so
 * `BEGIN; set_config(…); <request>; COMMIT` costs one round trip instead of four, exactly the
 * same transaction otherwise. It is a node-postgres "submittable" (the extension point
 * pg-cursor uses), so it queues on the client like any query.
 */
export interface Statement {
  text: string;
  /** Text values or null; nothing else is ever sent. */
  values: (string | null)[];
  /** Prepare it under a name derived from its text (reused on later requests). */
  prepare?: boolean;
}

export type Row = Record<string, unknown>;

interface Field {
  name: string;
  dataTypeID: number;
}

interface ProtocolConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parse(query: { name: string; text: string; types: number[] }, more: boolean): void;
  bind(config: { portal: string; statement: string; values: (string | null)[] }, more: boolean): void;
  describe(msg: { type: "P"; name: string }, more: boolean): void;
  execute(config: { portal: string; rows: number }, more: boolean): void;
  sync(): void;
}

/** Names this stand-in has prepared on each connection, and those left in doubt by an error. */
const preparedOn = new WeakMap<object, { ready: Set<string>; doubtful: Set<string> }>();
const MAX_PREPARED_PER_CONNECTION = 500;

class PipelineSubmittable {
  private readonly results: Row[][] = [];
  private fields: Field[] = [];
  private completed = 0;
  private newNames: (string | undefined)[] = [];
  private settled = false;
  private connection?: object;
  readonly done: Promise<Row[][]>;
  private resolve!: (rows: Row[][]) => void;
  private reject!: (error: unknown) => void;

  constructor(private readonly statements: Statement[]) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    for (let i = 0; i < statements.length; i++) this.results.push([]);
  }

  submit(connection: ProtocolConnection): void {
    this.connection = connection;
    let state = preparedOn.get(connection);
    if (!state) {
      state = { ready: new Set(), doubtful: new Set() };
      preparedOn.set(connection, state);
    }
    connection.stream.cork?.();
    for (const statement of this.statements) {
      let name = "";
      let parse = true;
      if (statement.prepare) {
        const candidate = statementName(statement.text);
        if (state.ready.has(candidate)) {
          name = candidate;
          parse = false;
        } else if (!state.doubtful.has(candidate) && state.ready.size < MAX_PREPARED_PER_CONNECTION) {
          name = candidate;
        }
      }
      this.newNames.push(parse && name ? name : undefined);
      if (parse) connection.parse({ name, text: statement.text, types: [] }, true);
      connection.bind({ portal: "", statement: name, values: statement.values }, true);
      connection.describe({ type: "P", name: "" }, true);
      connection.execute({ portal: "", rows: 0 }, true);
    }
    connection.sync();
    connection.stream.uncork?.();
  }

  handleRowDescription(message: { fields: Field[] }): void {
    this.fields = message.fields;
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const row: Row = {};
    message.fields.forEach((value, i) => {
      const field = this.fields[i];
      row[field.name] = value === null ? null : pg.types.getTypeParser(field.dataTypeID, "text")(value);
    });
    this.results[this.completed].push(row);
  }

  handleCommandComplete(): void {
    this.completed++;
    this.fields = [];
  }

  handleEmptyQuery(): void {
    this.completed++;
  }

  handleError(error: unknown): void {
    // Statements before the failed one were parsed; the failed one may or may not have been,
    // so its name is never prepared again on this connection (it runs unnamed instead).
    const state = this.connection && preparedOn.get(this.connection);
    this.newNames.forEach((name, i) => {
      if (!name || !state) return;
      if (i < this.completed) state.ready.add(name);
      else if (i === this.completed) state.doubtful.add(name);
    });
    this.settle(() => this.reject(error));
  }

  handleReadyForQuery(): void {
    const state = this.connection && preparedOn.get(this.connection);
    for (const name of this.newNames) if (name && state) state.ready.add(name);
    this.settle(() => this.resolve(this.results));
  }

  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}

  private settle(action: () => void): void {
    if (this.settled) return;
    this.settled = true;
    action();
  }
}

/** Runs the statements in one round trip; the rows of each, in order. */
export function runPipeline(client: pg.PoolClient, statements: Statement[]): Promise<Row[][]> {
  const submittable = new PipelineSubmittable(statements);
  client.query(submittable as unknown as pg.QueryConfig);
  return submittable.done;
}
