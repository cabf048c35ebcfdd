import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { closeClients, eventually, realtimeClient, subscribe, subscribed, userToken } from "./test-helpers";

type Received = { event: string; payload: unknown; meta?: unknown };

/** Client-to-client Broadcast through the real supabase-js, on both protocol versions. */
describe("Realtime broadcast", () => {
  let stack: TestSupabase;
  beforeAll(async () => {
    stack = await startTestSupabase();
  });
  afterEach(() => closeClients());
  afterAll(() => stack?.stop());

  let topicCounter = 0;
  const newTopic = () => `room-${++topicCounter}-${Date.now()}`;

  async function listener(topic: string, vsn: "1.0.0" | "2.0.0") {
    const received: Received[] = [];
    const channel = (await realtimeClient(stack, { vsn }))
      .channel(topic)
      .on("broadcast", { event: "*" }, (message) => received.push(message as unknown as Received));
    await subscribed(channel);
    return received;
  }

  for (const [from, to] of [
    ["2.0.0", "2.0.0"],
    ["1.0.0", "1.0.0"],
    ["2.0.0", "1.0.0"],
    ["1.0.0", "2.0.0"],
  ] as const) {
    it(`delivers a JSON broadcast from a ${from} client to a ${to} client`, async () => {
      const topic = newTopic();
      const received = await listener(topic, to);
      const sender = await subscribed(
        (await realtimeClient(stack, { vsn: from })).channel(topic, { config: { broadcast: { ack: true } } }),
      );
      expect(await sender.send({ type: "broadcast", event: "cursor", payload: { x: 1, label: "é ✓" } })).toBe("ok");
      const message = await eventually(() => received[0], "the broadcast");
      expect(message).toMatchObject({ type: "broadcast", event: "cursor", payload: { x: 1, label: "é ✓" } });
    });
  }

  it("delivers binary payloads as bytes to 2.0.0 clients and leaves 1.0.0 clients out, as Realtime does", async () => {
    const topic = newTopic();
    const binaryReceiver = await listener(topic, "2.0.0");
    const jsonReceiver = await listener(topic, "1.0.0");
    const sender = await subscribed(
      (await realtimeClient(stack)).channel(topic, { config: { broadcast: { ack: true } } }),
    );
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(await sender.send({ type: "broadcast", event: "blob", payload: bytes.buffer })).toBe("ok");
    // A JSON message after it: once it arrives, the binary one has been dealt with.
    expect(await sender.send({ type: "broadcast", event: "after", payload: { n: 2 } })).toBe("ok");
    await eventually(() => jsonReceiver.find((message) => message.event === "after"), "the JSON message on 1.0.0");
    await eventually(() => binaryReceiver.find((message) => message.event === "after"), "the JSON message on 2.0.0");
    const blob = binaryReceiver.find((message) => message.event === "blob")!;
    expect(blob.payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(blob.payload as ArrayBuffer)]).toEqual([0, 1, 2, 250, 255]);
    expect(jsonReceiver.map((message) => message.event)).toEqual(["after"]);
  });

  it("echoes to the sender only with self, and acknowledges only with ack", async () => {
    const topic = newTopic();
    const others = await listener(topic, "2.0.0");
    const own: Received[] = [];
    const selfSender = await subscribed(
      (await realtimeClient(stack))
        .channel(topic, { config: { broadcast: { self: true, ack: true } } })
        .on("broadcast", { event: "*" }, (message) => own.push(message as unknown as Received)),
    );
    const quiet: Received[] = [];
    const plainSender = await subscribed(
      (await realtimeClient(stack, { vsn: "1.0.0" }))
        .channel(topic)
        .on("broadcast", { event: "*" }, (message) => quiet.push(message as unknown as Received)),
    );
    expect(await selfSender.send({ type: "broadcast", event: "one", payload: {} })).toBe("ok");
    await eventually(() => own.find((message) => message.event === "one"), "the self echo");
    // Without ack, send resolves at once; the message still goes to everyone but the sender.
    expect(await plainSender.send({ type: "broadcast", event: "two", payload: {} })).toBe("ok");
    await eventually(() => others.find((message) => message.event === "two"), "the second message");
    await eventually(() => own.find((message) => message.event === "two"), "the second message at the first sender");
    // A third message from the other sender: once the quiet sender has it, it would have had "two" too.
    expect(await selfSender.send({ type: "broadcast", event: "three", payload: {} })).toBe("ok");
    await eventually(() => quiet.find((message) => message.event === "three"), "the third message");
    expect(quiet.map((message) => message.event)).toEqual(["one", "three"]);
  });

  it("sends through the REST endpoints: httpSend (JSON and binary) and send() before joining", async () => {
    const topic = newTopic();
    const received = await listener(topic, "2.0.0");
    const sender = (await realtimeClient(stack)).channel(topic);
    expect(await sender.httpSend("json", { hello: "world" })).toEqual({ success: true });
    expect(await sender.httpSend("bytes", new Uint8Array([7, 8, 9]).buffer)).toEqual({ success: true });
    // Not joined: supabase-js falls back to POST /api/broadcast.
    expect(await sender.send({ type: "broadcast", event: "batched", payload: { n: 3 } })).toBe("ok");
    await eventually(() => received.length >= 3 && received, "three REST broadcasts");
    expect(received[0]).toMatchObject({ event: "json", payload: { hello: "world" } });
    expect([...new Uint8Array(received[1].payload as ArrayBuffer)]).toEqual([7, 8, 9]);
    expect(received[2]).toMatchObject({ event: "batched", payload: { n: 3 } });
  });

  it("answers REST broadcasts without a valid key with 401, and malformed batches with 422", async () => {
    const post = (body: unknown, headers: Record<string, string>) =>
      fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({ messages: [] }, {})).status).toBe(401);
    expect((await post({ messages: [] }, { apikey: "sb_publishable_not-ours" })).status).toBe(401);
    const invalid = await post({ messages: [{ topic: "t", event: "" }] }, { apikey: stack.keys.publishableKey });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({
      errors: { messages: [{ event: ["can't be blank"], payload: ["can't be blank"] }] },
    });
    expect(
      (await post({ messages: [{ topic: "t", event: "e", payload: {} }] }, { apikey: stack.keys.publishableKey }))
        .status,
    ).toBe(202);
  });

  it("refuses a join whose token is expired, malformed or signed with another secret, with Realtime's reasons", async () => {
    const expired = await userToken(stack, "00000000-0000-4000-8000-000000000001", -30);
    const client = await realtimeClient(stack, { token: expired });
    const result = await subscribe(client.channel(newTopic()));
    expect(result.status).toBe("CHANNEL_ERROR");
    expect(result.error?.message).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);

    const other = await userToken(
      { keys: { ...stack.keys, jwtSecret: "another-secret-of-at-least-thirty-two-characters" } },
      "x",
    );
    const forged = await realtimeClient(stack, { token: other });
    expect((await subscribe(forged.channel(newTopic()))).error?.message).toBe(
      "JwtSignatureError: Failed to validate JWT signature",
    );

    const malformed = await realtimeClient(stack, { token: "not.a-jwt" });
    expect((await subscribe(malformed.channel(newTopic()))).error?.message).toBe(
      "MalformedJWT: The token provided is not a valid JWT",
    );
  });
});
