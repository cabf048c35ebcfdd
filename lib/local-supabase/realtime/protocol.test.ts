import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { MAX_BUFFERED_BYTES } from "./connection";
import { eventually } from "./test-helpers";

type Received = unknown[] | Record<string, unknown> | Buffer;

/** A bare Phoenix client, to check the frames themselves (supabase-js hides most of them). */
class RawClient {
  readonly frames: Received[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => this.frames.push(isBinary ? (data as Buffer) : JSON.parse(data.toString())));
  }

  static open(url: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new RawClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("error", reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  async next(match: (frame: Received) => boolean, what: string): Promise<Received> {
    return eventually(() => this.frames.find(match), what);
  }

  /** Text frames (2.0.0 arrays) with this ref. */
  async reply(ref: string): Promise<unknown[]> {
    return (await this.next((frame) => Array.isArray(frame) && frame[1] === ref, `the reply to ${ref}`)) as unknown[];
  }
}

/** The 45-byte kind-3 frame realtime-js sends for `send({type:'broadcast', event:'cursor', payload:{x:2}})`. */
function userBroadcastPush(joinRef: string, ref: string, topic: string, event: string, payload: unknown): Buffer {
  const parts = [joinRef, ref, topic, event, ""].map((part) => Buffer.from(part));
  return Buffer.concat([
    Buffer.from([3, ...parts.map((part) => part.length), 1]),
    ...parts,
    Buffer.from(JSON.stringify(payload)),
  ]);
}

describe("Realtime wire protocol", () => {
  let stack: TestSupabase;
  const sockets: RawClient[] = [];
  beforeAll(async () => {
    stack = await startTestSupabase();
  });
  afterEach(() => sockets.splice(0).forEach((client) => client.ws.terminate()));
  afterAll(() => stack?.stop());

  const url = (vsn = "2.0.0", apikey = stack.keys.publishableKey) =>
    `${stack.url.replace("http", "ws")}/realtime/v1/websocket?apikey=${apikey}&vsn=${vsn}`;
  async function connect(vsn = "2.0.0") {
    const client = await RawClient.open(url(vsn));
    sockets.push(client);
    return client;
  }

  it("answers heartbeats, and a message to an unjoined topic with 'unmatched topic' (but never an access_token)", async () => {
    const client = await connect();
    client.send([null, "1", "phoenix", "heartbeat", {}]);
    expect(await client.reply("1")).toEqual([null, "1", "phoenix", "phx_reply", { status: "ok", response: {} }]);
    client.send(["5", "2", "realtime:nowhere", "access_token", { access_token: "x.y.z" }]);
    client.send(["5", "3", "realtime:nowhere", "broadcast", { type: "broadcast", event: "e", payload: {} }]);
    expect(await client.reply("3")).toEqual([
      "5",
      "3",
      "realtime:nowhere",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    expect(client.frames.some((frame) => Array.isArray(frame) && frame[1] === "2")).toBe(false);
  });

  it("echoes postgres_changes bindings in order with integer ids, then reports the subscription", async () => {
    const client = await connect();
    const bindings = [
      { event: "INSERT", schema: "public", table: "devices", filter: "name=eq.x" },
      { event: "*", schema: "public", table: "device_status" },
    ];
    client.send([
      "1",
      "1",
      "realtime:pg",
      "phx_join",
      {
        config: {
          broadcast: { self: false, ack: false },
          presence: { key: "", enabled: true },
          postgres_changes: bindings,
          private: false,
        },
      },
    ]);
    const [, , , event, payload] = await client.reply("1");
    expect(event).toBe("phx_reply");
    const echoed = (payload as { response: { postgres_changes: Array<Record<string, unknown>> } }).response
      .postgres_changes;
    expect(echoed.map(({ id: _id, ...rest }) => rest)).toEqual(bindings);
    expect(echoed.every((binding) => Number.isInteger(binding.id))).toBe(true);
    // presence_state comes after the reply (empty here), then the postgres_changes status.
    const pushes = () =>
      client.frames.filter((frame) => Array.isArray(frame) && frame[0] === "1" && frame[1] === null) as unknown[][];
    await eventually(() => pushes().length >= 2, "the pushes after the join");
    expect(pushes().map((frame) => [frame[3], frame[4]])).toEqual([
      ["presence_state", {}],
      ["system", { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: "pg" }],
    ]);
  });

  it("re-broadcasts a kind-3 binary push as kind 4 to 2.0.0 sockets and as JSON to 1.0.0 sockets", async () => {
    const [sender, binary, json] = await Promise.all([connect(), connect(), connect("1.0.0")]);
    const join = {
      config: {
        broadcast: { ack: true, self: false },
        presence: { key: "", enabled: false },
        postgres_changes: [],
        private: false,
      },
    };
    sender.send(["1", "1", "realtime:bin", "phx_join", join]);
    binary.send(["1", "1", "realtime:bin", "phx_join", join]);
    json.send({ topic: "realtime:bin", event: "phx_join", payload: join, ref: "1", join_ref: "1" });
    await Promise.all([
      sender.reply("1"),
      binary.reply("1"),
      json.next((frame) => !Array.isArray(frame) && (frame as { ref?: string }).ref === "1", "the 1.0.0 join reply"),
    ]);
    expect(json.frames[0]).toEqual({
      join_ref: "1",
      ref: "1",
      topic: "realtime:bin",
      event: "phx_reply",
      payload: { status: "ok", response: { postgres_changes: [] } },
    });

    sender.ws.send(userBroadcastPush("1", "2", "realtime:bin", "cursor", { x: 2, s: "é" }));
    expect(await sender.reply("2")).toEqual(["1", "2", "realtime:bin", "phx_reply", { status: "ok", response: {} }]);
    const frame = (await binary.next((received) => Buffer.isBuffer(received), "the kind-4 frame")) as Buffer;
    const expected = Buffer.concat([
      Buffer.from([4, 12, 6, 0, 1]),
      Buffer.from("realtime:bincursor"),
      Buffer.from(JSON.stringify({ x: 2, s: "é" })),
    ]);
    expect(frame.equals(expected)).toBe(true);
    expect(
      await json.next((received) => (received as { event?: string }).event === "broadcast", "the JSON form"),
    ).toEqual({
      join_ref: null,
      ref: null,
      topic: "realtime:bin",
      event: "broadcast",
      payload: { type: "broadcast", event: "cursor", payload: { x: 2, s: "é" } },
    });
  });

  it("closes the old channel when a topic is joined again", async () => {
    const client = await connect();
    const join = {
      config: { broadcast: {}, presence: { key: "", enabled: false }, postgres_changes: [], private: false },
    };
    client.send(["1", "1", "realtime:again", "phx_join", join]);
    await client.reply("1");
    client.send(["3", "3", "realtime:again", "phx_join", join]);
    await client.reply("3");
    expect(client.frames.slice(1)).toEqual([
      ["1", "1", "realtime:again", "phx_close", {}],
      ["3", "3", "realtime:again", "phx_reply", { status: "ok", response: { postgres_changes: [] } }],
    ]);
  });

  it("refuses upgrades without a usable key as Realtime and its gateway do", async () => {
    const refusal = (target: string) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const ws = new WebSocket(target);
        ws.on("unexpected-response", (_req, res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.on("error", () => undefined);
      });
    const base = `${stack.url.replace("http", "ws")}/realtime/v1/websocket`;
    expect(await refusal(`${base}?vsn=2.0.0`)).toEqual({
      status: 401,
      body: JSON.stringify({ error: "API key is missing" }),
    });
    expect((await refusal(url("2.0.0", "sb_publishable_not-this-project"))).status).toBe(401);
    expect(await refusal(url("2.0.0", "not-a-jwt"))).toEqual({
      status: 401,
      body: JSON.stringify({ error: "The token provided is not a valid JWT" }),
    });
    expect((await refusal(url("3.0.0"))).status).toBe(400);
  });

  it("errors the channels of a client that stops reading instead of losing messages silently", async () => {
    const slow = await connect();
    const join = {
      config: { broadcast: {}, presence: { key: "", enabled: false }, postgres_changes: [], private: false },
    };
    slow.send(["1", "1", "realtime:flood", "phx_join", join]);
    await slow.reply("1");
    // Stop reading: the server's buffer for this socket grows past its bound.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const chunk = "x".repeat(256 * 1024);
    const rounds = Math.ceil((MAX_BUFFERED_BYTES * 3) / chunk.length);
    for (let i = 0; i < rounds; i++) {
      await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { apikey: stack.keys.secretKey, "Content-Type": "application/json" },
        body: JSON.stringify({ messages: [{ topic: "flood", event: "big", payload: { i, chunk } }] }),
      });
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const error = (await slow.next(
      (frame) => Array.isArray(frame) && frame[3] === "phx_error",
      "the channel error",
    )) as unknown[];
    expect(error).toEqual(["1", "1", "realtime:flood", "phx_error", {}]);
    const system = slow.frames.find((frame) => Array.isArray(frame) && frame[3] === "system") as unknown[];
    expect(system[4]).toMatchObject({
      extension: "system",
      status: "error",
      message: expect.stringContaining("fell behind"),
    });
    // Every broadcast before the error arrived whole and in order; none came after it.
    const delivered = slow.frames
      .filter((frame) => Array.isArray(frame) && frame[3] === "broadcast")
      .map((frame) => ((frame as unknown[])[4] as { payload: { i: number } }).payload.i);
    expect(delivered).toEqual(Array.from({ length: delivered.length }, (_, i) => i));
    expect(delivered.length).toBeLessThan(rounds);
  });
});
