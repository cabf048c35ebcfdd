/**
 * Decoder for PostgreSQL's built-in logical decoding output plugin `pgoutput`, protocol
 * version 1 (https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html).
 * Values arrive in their text output form; nothing here interprets them.
 */

export interface RelationColumn {
  name: string;
  typeOid: number;
  typeModifier: number;
  /** Part of the replica identity (the primary key by default). */
  isKey: boolean;
}

export interface Relation {
  id: number;
  schema: string;
  name: string;
  /** d = default (primary key), n = nothing, f = full, i = index. */
  replicaIdentity: string;
  columns: RelationColumn[];
}

/** One column of a tuple: text, SQL NULL, or a TOASTed value the update left unchanged. */
export type TupleValue = { kind: "text"; text: string } | { kind: "null" } | { kind: "unchanged" };

export type PgOutputMessage =
  | { tag: "begin"; finalLsn: bigint; commitTime: Date; xid: number }
  | { tag: "commit"; commitLsn: bigint; endLsn: bigint; commitTime: Date }
  | { tag: "relation"; relation: Relation }
  | { tag: "insert"; relationId: number; newTuple: TupleValue[] }
  | { tag: "update"; relationId: number; oldTuple?: TupleValue[]; oldIsKeyOnly: boolean; newTuple: TupleValue[] }
  | { tag: "delete"; relationId: number; oldTuple: TupleValue[]; oldIsKeyOnly: boolean }
  | { tag: "truncate"; relationIds: number[] }
  | { tag: "other"; code: string };

/** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01). */
const PG_EPOCH_MICROS = 946_684_800_000_000n;

export function pgTimestampToDate(micros: bigint): Date {
  return new Date(Number((micros + PG_EPOCH_MICROS) / 1000n));
}

export function dateToPgTimestamp(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n - PG_EPOCH_MICROS;
}

class Reader {
  offset = 0;
  constructor(private readonly buffer: Buffer) {}
  byte(): number {
    return this.buffer[this.offset++];
  }
  char(): string {
    return String.fromCharCode(this.byte());
  }
  int16(): number {
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  int32(): number {
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  uint32(): number {
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  int64(): bigint {
    const value = this.buffer.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }
  cstring(): string {
    const end = this.buffer.indexOf(0, this.offset);
    const value = this.buffer.toString("utf8", this.offset, end);
    this.offset = end + 1;
    return value;
  }
  bytes(length: number): Buffer {
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}

function tuple(reader: Reader): TupleValue[] {
  const count = reader.int16();
  const values: TupleValue[] = [];
  for (let i = 0; i < count; i++) {
    const kind = reader.char();
    if (kind === "n") values.push({ kind: "null" });
    else if (kind === "u") values.push({ kind: "unchanged" });
    else if (kind === "t" || kind === "b")
      values.push({ kind: "text", text: reader.bytes(reader.int32()).toString("utf8") });
    else throw new Error(`pgoutput: unknown tuple column kind "${kind}"`);
  }
  return values;
}

export function decodePgOutput(buffer: Buffer): PgOutputMessage {
  const reader = new Reader(buffer);
  const code = reader.char();
  switch (code) {
    case "B":
      return {
        tag: "begin",
        finalLsn: reader.int64(),
        commitTime: pgTimestampToDate(reader.int64()),
        xid: reader.uint32(),
      };
    case "C": {
      reader.byte(); // flags, unused
      return {
        tag: "commit",
        commitLsn: reader.int64(),
        endLsn: reader.int64(),
        commitTime: pgTimestampToDate(reader.int64()),
      };
    }
    case "R": {
      const id = reader.uint32();
      const schema = reader.cstring();
      const name = reader.cstring();
      const replicaIdentity = reader.char();
      const count = reader.int16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < count; i++) {
        const flags = reader.byte();
        columns.push({
          isKey: (flags & 1) === 1,
          name: reader.cstring(),
          typeOid: reader.uint32(),
          typeModifier: reader.int32(),
        });
      }
      return { tag: "relation", relation: { id, schema, name, replicaIdentity, columns } };
    }
    case "I": {
      const relationId = reader.uint32();
      reader.char(); // 'N'
      return { tag: "insert", relationId, newTuple: tuple(reader) };
    }
    case "U": {
      const relationId = reader.uint32();
      let marker = reader.char();
      let oldTuple: TupleValue[] | undefined;
      let oldIsKeyOnly = false;
      if (marker === "K" || marker === "O") {
        oldIsKeyOnly = marker === "K";
        oldTuple = tuple(reader);
        marker = reader.char();
      }
      return { tag: "update", relationId, oldTuple, oldIsKeyOnly, newTuple: tuple(reader) };
    }
    case "D": {
      const relationId = reader.uint32();
      const marker = reader.char();
      return { tag: "delete", relationId, oldIsKeyOnly: marker === "K", oldTuple: tuple(reader) };
    }
    case "T": {
      const count = reader.int32();
      reader.byte(); // options
      const relationIds: number[] = [];
      for (let i = 0; i < count; i++) relationIds.push(reader.uint32());
      return { tag: "truncate", relationIds };
    }
    default:
      return { tag: "other", code };
  }
}
