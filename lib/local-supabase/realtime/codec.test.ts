import Serializer from "@supabase/realtime-js/dist/main/lib/serializer";
import { describe, expect, it } from "vitest";
import { parseFilter } from "./changes/filters";
import { bindingId } from "./changes/subscriptions";
import { decodeBinary, decodeText, encodeText, encodeUserBroadcast, FrameError } from "./protocol/frames";
import { FanoutMessage } from "./protocol/outgoing";

/** The codec against realtime-js's own serializer (the code the client runs), both directions. */
describe("Phoenix frames", () => {
  const client = new Serializer();
  const encodeWithClient = (message: Parameters<Serializer["encode"]>[0]) =>
    new Promise<ArrayBuffer | string>((resolve) =>
      client.encode(message, (result: ArrayBuffer | string) => resolve(result)),
    );
  const decodeWithClient = (raw: ArrayBuffer | string) =>
    new Promise<Record<string, unknown>>((resolve) => client.decode(raw, resolve));

  it("reads the client's kind-3 pushes, JSON and raw bytes, including multi-byte text", async () => {
    const json = await encodeWithClient({
      join_ref: "6",
      ref: "7",
      topic: "realtime:sala-ñ",
      event: "broadcast",
      payload: { type: "broadcast", event: "cursor", payload: { x: 2, s: "é" } },
    });
    expect(decodeBinary(Buffer.from(json as ArrayBuffer))).toEqual({
      joinRef: "6",
      ref: "7",
      topic: "realtime:sala-ñ",
      event: "broadcast",
      payload: { userEvent: "cursor", encoding: "json", data: Buffer.from('{"x":2,"s":"é"}'), metadata: "" },
    });
    const bytes = await encodeWithClient({
      join_ref: "6",
      ref: "8",
      topic: "realtime:t",
      event: "broadcast",
      payload: { type: "broadcast", event: "blob", payload: new Uint8Array([1, 2, 3]).buffer, persist: true },
    });
    expect(decodeBinary(Buffer.from(bytes as ArrayBuffer)).payload).toEqual({
      userEvent: "blob",
      encoding: "binary",
      data: Buffer.from([1, 2, 3]),
      metadata: '{"persist":true}',
    });
  });

  it("writes kind-4 frames the client decodes into its broadcast shape", async () => {
    const frame = encodeUserBroadcast("realtime:t", {
      userEvent: "cursor",
      encoding: "json",
      data: Buffer.from('{"x":1}'),
      metadata: '{"id":"m1"}',
    });
    const decoded = await decodeWithClient(Uint8Array.from(frame).buffer);
    expect(decoded).toEqual({
      join_ref: null,
      ref: null,
      topic: "realtime:t",
      event: "broadcast",
      payload: { type: "broadcast", event: "cursor", payload: { x: 1 }, meta: { id: "m1" } },
    });
  });

  it("speaks arrays on 2.0.0 and objects on 1.0.0, and rejects what is neither", () => {
    const frame = { joinRef: "1", ref: "2", topic: "realtime:t", event: "phx_join", payload: { a: 1 } };
    expect(encodeText("2.0.0", frame)).toBe('["1","2","realtime:t","phx_join",{"a":1}]');
    expect(JSON.parse(encodeText("1.0.0", frame))).toEqual({
      join_ref: "1",
      ref: "2",
      topic: "realtime:t",
      event: "phx_join",
      payload: { a: 1 },
    });
    expect(decodeText("2.0.0", encodeText("2.0.0", frame))).toEqual(frame);
    expect(decodeText("1.0.0", encodeText("1.0.0", frame))).toEqual(frame);
    expect(() => decodeText("2.0.0", '{"topic":"t"}')).toThrow(FrameError);
    expect(() => decodeBinary(Buffer.from([4, 0, 0, 0, 1, 0, 0]))).toThrow(FrameError);
  });

  it("encodes a fan-out once per protocol version and never gives 1.0.0 raw bytes", () => {
    const message = FanoutMessage.userBroadcast("realtime:t", {
      userEvent: "b",
      encoding: "binary",
      data: Buffer.from([9]),
      metadata: "",
    });
    // A whole WebSocket binary frame (FIN, opcode 2, unmasked, 17 bytes) around the kind-4 frame.
    expect(message.encodedFor("2.0.0")).toEqual({
      wire: Buffer.from([0x82, 17, 4, 10, 1, 0, 0, ...Buffer.from("realtime:tb"), 9]),
    });
    expect(message.encodedFor("1.0.0")).toBeUndefined();
    const json = FanoutMessage.json("realtime:t", "broadcast", { type: "broadcast", event: "e", payload: {} });
    expect(json.encodedFor("2.0.0")).toBe(json.encodedFor("2.0.0"));
  });
});

describe("postgres_changes filters", () => {
  it("parses the builder's grammar: operators, not., lists with quoted values, several conditions, jsonb keys", () => {
    expect(parseFilter("id=eq.5")).toEqual([{ column: "id", operator: "eq", negate: false, value: "5" }]);
    expect(parseFilter('name=in.(a,"b,c","say \\"hi\\"")')).toEqual([
      { column: "name", operator: "in", negate: false, value: ["a", "b,c", 'say "hi"'] },
    ]);
    expect(parseFilter("n=not.in.(1,2),done=is.NULL")).toEqual([
      { column: "n", operator: "in", negate: true, value: ["1", "2"] },
      { column: "done", operator: "is", negate: false, value: "null" },
    ]);
    expect(parseFilter('label=eq." padded "')).toEqual([
      { column: "label", operator: "eq", negate: false, value: " padded " },
    ]);
    expect(parseFilter("meta->>kind=eq.x")).toEqual([
      { column: "meta", jsonKey: "kind", operator: "eq", negate: false, value: "x" },
    ]);
    expect(parseFilter(undefined)).toEqual([]);
  });

  it("refuses what the server cannot evaluate", () => {
    for (const bad of ["id", "id=5", "id=between.1", "id=in.1", "id=in.()", "done=is.maybe", 'label=eq."open'])
      expect(() => parseFilter(bad), bad).toThrow();
  });

  it("gives each binding a stable integer id, the same for the same params", () => {
    const id = bindingId({ event: "*", schema: "public", table: "t" });
    expect(Number.isInteger(id) && id >= 0 && id < 2 ** 27).toBe(true);
    expect(bindingId({ table: "t", schema: "public", event: "*" })).toBe(id);
    expect(bindingId({ event: "INSERT", schema: "public", table: "t" })).not.toBe(id);
  });
});
