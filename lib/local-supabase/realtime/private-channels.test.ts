import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import {
  completeEntry,
  createDevice,
  createPerson,
  deviceClaims,
  insertEntries,
  type Person,
} from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { secretBytes } from "../keys";
import { deleteOldMessages } from "./janitor";
import { closeClients, eventually, realtimeClient, subscribed, userToken } from "./test-helpers";

type Received = { event: string; payload: Record<string, unknown>; meta?: { id?: string } };

/**
 * Private channels authorised by the RLS policies on realtime.messages (migrations 0005, 0012):
 * ws:<workspace> for people whose scope includes the workspace, owner:<user id> for that
 * person (or the fleet), device:<uuid> for the device's owner (or the fleet) and the device
 * itself; broadcasts from the database.
 */
describe("Realtime private channels", () => {
  let stack: TestSupabase;
  let admin: Person;
  let bob: Person;
  let carol: Person;
  let bobWorkspace: string;
  let bobDevice: string;

  beforeAll(async () => {
    stack = await startTestSupabase();
    admin = await createPerson(stack.owner, "admin@example.com");
    bob = await createPerson(stack.owner, "bob@example.com");
    carol = await createPerson(stack.owner, "carol@example.com");
    bobDevice = await createDevice(stack.owner, bob, "Bob's phone");
    const { rows } = await stack.owner.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, owner_user_id) VALUES ('Bob', $1) RETURNING id",
      [bob.id],
    );
    bobWorkspace = rows[0].id;
    await stack.owner.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $2)", [
      bobWorkspace,
      bobDevice,
    ]);
  });
  afterEach(() => closeClients());
  afterAll(() => stack?.stop());

  async function privateListener(person: Person, topic: string, token?: string) {
    const received: Received[] = [];
    const system: Array<{ status: string; message: string }> = [];
    const statuses: string[] = [];
    const channel = (await realtimeClient(stack, { token: token ?? (await userToken(stack, person.id)) }))
      .channel(topic, { config: { private: true } })
      .on("broadcast", { event: "*" }, (message) => received.push(message as unknown as Received))
      .on("system", {}, (message) => system.push(message));
    const result = await new Promise<{ status: string; error?: Error }>((resolve) =>
      channel.subscribe((status, error) => {
        statuses.push(status);
        if (statuses.length === 1) resolve({ status, error });
      }),
    );
    return { channel, received, system, statuses, result };
  }

  it("delivers realtime.send from the database to an authorised private channel, with meta.id", async () => {
    const topic = `ws:${bobWorkspace}`;
    const { received, result } = await privateListener(bob, topic);
    expect(result.status).toBe("SUBSCRIBED");
    await stack.owner.query("SELECT realtime.send($1::jsonb, 'ping', $2, true)", [JSON.stringify({ n: 1 }), topic]);
    const message = await eventually(() => received[0], "the database broadcast");
    expect(message).toMatchObject({ type: "broadcast", event: "ping", payload: { n: 1 } });
    expect(message.meta?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(message.payload.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("delivers realtime.send_binary from the database as bytes, and replays it", async () => {
    const topic = `ws:${bobWorkspace}`;
    const since = Date.now() - 60_000;
    const { received, result } = await privateListener(bob, topic);
    expect(result.status).toBe("SUBSCRIBED");
    await stack.owner.query("SELECT realtime.send_binary($1::bytea, 'frame', $2)", [
      Buffer.from([0xde, 0xad, 0, 0xff]),
      topic,
    ]);
    const live = await eventually(() => received.find((message) => message.event === "frame"), "the binary broadcast");
    expect([...new Uint8Array(live.payload as unknown as ArrayBuffer)]).toEqual([0xde, 0xad, 0, 0xff]);

    const later: Received[] = [];
    await subscribed(
      (await realtimeClient(stack, { token: await userToken(stack, bob.id) }))
        .channel(topic, { config: { private: true, broadcast: { replay: { since, limit: 25 } } } })
        .on("broadcast", { event: "frame" }, (message) => later.push(message as unknown as Received)),
    );
    const replayed = await eventually(() => later[0], "the replayed binary broadcast");
    expect([...new Uint8Array(replayed.payload as unknown as ArrayBuffer)]).toEqual([0xde, 0xad, 0, 0xff]);
  });

  it("keeps private and public topics of the same name apart", async () => {
    const topic = `ws:${bobWorkspace}`;
    const secret = await privateListener(bob, topic);
    const publicReceived: Received[] = [];
    await subscribed(
      (await realtimeClient(stack))
        .channel(topic)
        .on("broadcast", { event: "*" }, (message) => publicReceived.push(message as unknown as Received)),
    );
    await stack.owner.query("SELECT realtime.send('{\"to\":\"public\"}'::jsonb, 'note', $1, false)", [topic]);
    await stack.owner.query("SELECT realtime.send('{\"to\":\"private\"}'::jsonb, 'note', $1, true)", [topic]);
    await eventually(() => publicReceived[0], "the public message");
    await eventually(() => secret.received[0], "the private message");
    // Each side got exactly its own (the private one was sent last, so the public side is settled).
    await stack.owner.query("SELECT realtime.send('{\"to\":\"public\"}'::jsonb, 'end', $1, false)", [topic]);
    await eventually(() => publicReceived.find((message) => message.event === "end"), "the public end marker");
    expect(publicReceived.map((message) => message.payload.to)).toEqual(["public", "public"]);
    expect(secret.received.map((message) => message.payload.to)).toEqual(["private"]);
  });

  it("refuses someone else's workspace and device topics with Realtime's error, and lets the fleet admin in", async () => {
    for (const topic of [`ws:${bobWorkspace}`, `device:${bobDevice}`]) {
      const refused = await privateListener(carol, topic);
      expect(refused.result.status).toBe("CHANNEL_ERROR");
      expect(refused.result.error?.message).toBe(
        `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
      );
      expect((await privateListener(admin, topic)).result.status).toBe("SUBSCRIBED");
      expect((await privateListener(bob, topic)).result.status).toBe("SUBSCRIBED");
    }
    // A topic no policy covers (and a malformed workspace id) is refused, not an error of the socket.
    expect((await privateListener(bob, "ws:not-a-uuid")).result.status).toBe("CHANNEL_ERROR");
    expect((await privateListener(bob, "lobby")).result.error?.message).toBe(
      "Unauthorized: You do not have permissions to read from this Channel topic: lobby",
    );
  });

  it("broadcasts each new capture of a workspace's device to ws:<workspace>", async () => {
    const { received, result } = await privateListener(bob, `ws:${bobWorkspace}`);
    expect(result.status).toBe("SUBSCRIBED");
    await insertEntries(stack.owner, bobDevice, [
      "https://api.example.com/v1/orders?page=2",
      "https://api.example.com/health",
    ]);
    await eventually(() => received.length >= 2, "two entry broadcasts");
    expect(received.map((message) => message.event)).toEqual(["entry", "entry"]);
    expect(received[0].payload).toMatchObject({
      device_uuid: bobDevice,
      host: "api.example.com",
      path: "/v1/orders",
      method: "GET",
      status: 200,
    });
    expect(received[1].payload).toMatchObject({ path: "/health" });
  });

  it("sends a capture from a device in no workspace to owner:<owner> (0012), summary only; the fleet may listen, another member may not", async () => {
    const laptop = await createDevice(stack.owner, bob, "Bob's new laptop");
    const topic = `owner:${bob.id}`;
    const own = await privateListener(bob, topic);
    expect(own.result.status).toBe("SUBSCRIBED");
    const fleet = await privateListener(admin, topic);
    expect(fleet.result.status).toBe("SUBSCRIBED");
    const refused = await privateListener(carol, topic);
    expect(refused.result.status).toBe("CHANNEL_ERROR");
    expect(refused.result.error?.message).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    expect((await privateListener(carol, `owner:${carol.id}`)).result.status).toBe("SUBSCRIBED");
    for (const malformed of ["owner:", "owner:not-a-uuid"])
      expect((await privateListener(admin, malformed)).result.status).toBe("CHANNEL_ERROR");
    const workspace = await privateListener(bob, `ws:${bobWorkspace}`);
    expect(workspace.result.status).toBe("SUBSCRIBED");

    const secret = "secret-body-never-broadcast";
    await withClaims(stack.owner, deviceClaims(laptop), (client) =>
      client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        laptop,
        completeEntry({
          source: "vpn",
          request: {
            method: "POST",
            url: "https://api.example.com/v1/login",
            body: { encoding: "text", content: secret, size: secret.length, truncated: false },
          },
          response: { status: 201, body: { encoding: "text", content: secret, size: secret.length, truncated: false } },
        }),
      ]),
    );
    // The phone is in Bob's workspace: its capture marks the end for the workspace listener.
    await insertEntries(stack.owner, bobDevice, ["https://api.example.com/after-laptop"]);

    await eventually(() => own.received.length >= 2, "both captures on owner:");
    await eventually(() => fleet.received.length >= 2, "both captures for the fleet admin");
    await eventually(() => workspace.received.length >= 1, "the phone's capture on ws:");
    expect(own.received.map((message) => [message.event, message.payload.device_uuid])).toEqual([
      ["entry", laptop],
      ["entry", bobDevice],
    ]);
    expect(fleet.received.map((message) => message.payload.entry_id)).toEqual(
      own.received.map((message) => message.payload.entry_id),
    );
    // The laptop is in no workspace: ws: hears only the phone.
    expect(workspace.received.map((message) => message.payload.device_uuid)).toEqual([bobDevice]);
    const summary = own.received[0].payload;
    expect(Object.keys(summary).sort()).toEqual([
      "device_uuid",
      "duration_ms",
      "entry_id",
      "host",
      "id",
      "method",
      "path",
      "response_size",
      "source",
      "status",
      "ts",
    ]);
    expect(summary).toMatchObject({
      host: "api.example.com",
      path: "/v1/login",
      method: "POST",
      status: 201,
      response_size: secret.length,
    });
    expect(JSON.stringify(own.received)).not.toContain(secret);
    expect(refused.received).toEqual([]);
  });

  it("lets a device join its own device topic and hear its settings change", async () => {
    const token = await new SignJWT({ sub: bobDevice, role: "device", device_uuid: bobDevice })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(secretBytes(stack.keys.jwtSecret));
    const own = await privateListener(bob, `device:${bobDevice}`, token);
    expect(own.result.status).toBe("SUBSCRIBED");
    const otherDevice = await createDevice(stack.owner, carol, "Carol's laptop");
    expect((await privateListener(bob, `device:${otherDevice}`, token)).result.status).toBe("CHANNEL_ERROR");
    await stack.owner.query("INSERT INTO public.settings_device (device_uuid) VALUES ($1)", [bobDevice]);
    const message = await eventually(() => own.received[0], "the settings broadcast");
    expect(message).toMatchObject({ event: "settings_changed", payload: { device_uuid: bobDevice } });
  });

  it("drops a private broadcast the sender may not write, and tracks presence where the policy allows it", async () => {
    const topic = `ws:${bobWorkspace}`;
    const listener = await privateListener(admin, topic);
    const sender = await privateListener(bob, topic);
    // 0005 grants no broadcast inserts from clients: the message is dropped and the ack never comes.
    const channel = sender.channel;
    (channel.params.config.broadcast as { ack?: boolean }).ack = true;
    expect(await channel.send({ type: "broadcast", event: "typed", payload: {} }, { timeout: 1_000 })).toBe(
      "timed out",
    );
    expect(await channel.track({ watching: true })).toBe("ok");
    // The REST endpoint obeys the same policy; the secret key (service_role) bypasses it.
    const rest = (await realtimeClient(stack, { token: await userToken(stack, bob.id) })).channel(topic, {
      config: { private: true },
    });
    expect(await rest.httpSend("from-bob", { n: 1 })).toEqual({ success: true });
    const service = await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: stack.keys.secretKey, "Content-Type": "application/json" },
      body: JSON.stringify({ messages: [{ topic, event: "from-service", payload: { n: 2 }, private: true }] }),
    });
    expect(service.status).toBe(202);
    await eventually(
      () => listener.received.find((message) => message.event === "from-service"),
      "the service broadcast",
    );
    expect(listener.received.map((message) => message.event)).toEqual(["from-service"]);
  });

  it("replays stored broadcasts to a private channel that asks, marked as replayed, and says when replication is ready", async () => {
    const topic = `ws:${bobWorkspace}`;
    const since = Date.now() - 60_000;
    await stack.owner.query("SELECT realtime.send('{\"n\":\"stored\"}'::jsonb, 'history', $1, true)", [topic]);
    const client = await realtimeClient(stack, { token: await userToken(stack, bob.id) });
    const received: Received[] = [];
    const system: Array<{ message: string }> = [];
    await subscribed(
      client
        .channel(topic, {
          config: { private: true, broadcast: { replay: { since, limit: 25 }, replication_ready: true } },
        })
        .on("broadcast", { event: "history" }, (message) => received.push(message as unknown as Received))
        .on("system", {}, (message) => system.push(message)),
    );
    const replayed = await eventually(
      () => received.find((message) => message.payload.n === "stored"),
      "the replayed message",
    );
    expect(replayed.meta).toMatchObject({ replayed: true, id: expect.any(String) });
    await eventually(
      () => system.find((message) => message.message === "Replication connection established"),
      "replication ready",
    );
    // Replay is for private channels only.
    const publicClient = await realtimeClient(stack);
    expect(() => publicClient.channel("public-replay", { config: { broadcast: { replay: { since } } } })).toThrow(
      /private channel/,
    );
  });

  it("shuts a channel down when its token expires, with a system message, as Realtime does", async () => {
    const shortLived = await userToken(stack, bob.id, 2);
    const watcher = await privateListener(bob, `ws:${bobWorkspace}`, shortLived);
    expect(watcher.result.status).toBe("SUBSCRIBED");
    await eventually(() => watcher.statuses.includes("CLOSED"), "the channel to close", 15_000);
    expect(watcher.system).toEqual([
      expect.objectContaining({
        extension: "system",
        status: "error",
        message: expect.stringMatching(/^Token has expired \d+ seconds ago$/),
      }),
    ]);
  });

  it("re-authorises on access_token: a fresh token keeps the channel, revoked access closes it", async () => {
    const topic = `ws:${bobWorkspace}`;
    const client = await realtimeClient(stack, { token: await userToken(stack, bob.id) });
    const statuses: string[] = [];
    const system: Array<{ message: string }> = [];
    const received: Received[] = [];
    const channel = client
      .channel(topic, { config: { private: true } })
      .on("broadcast", { event: "*" }, (message) => received.push(message as unknown as Received))
      .on("system", {}, (message) => system.push(message));
    channel.subscribe((status) => statuses.push(status));
    await eventually(() => statuses.includes("SUBSCRIBED"), "the subscription");

    await client.realtime.setAuth(await userToken(stack, bob.id, 7200));
    await stack.owner.query("SELECT realtime.send('{}'::jsonb, 'still-here', $1, true)", [topic]);
    await eventually(() => received.find((message) => message.event === "still-here"), "a broadcast after the refresh");

    // The workspace changes hands: Bob's next token no longer reads the topic.
    await stack.owner.query("UPDATE public.workspaces SET owner_user_id = $2 WHERE id = $1", [bobWorkspace, carol.id]);
    try {
      await client.realtime.setAuth(await userToken(stack, bob.id, 7300));
      await eventually(() => statuses.includes("CLOSED"), "the channel to close");
      expect(system).toEqual([
        expect.objectContaining({
          status: "error",
          message: `You no longer have permission to read from this Channel topic: ${topic}`,
        }),
      ]);
    } finally {
      await stack.owner.query("UPDATE public.workspaces SET owner_user_id = $2 WHERE id = $1", [bobWorkspace, bob.id]);
    }
  });

  it("keeps realtime.messages for three days, as Supabase does", async () => {
    await stack.owner.query(
      `INSERT INTO realtime.messages (topic, extension, event, payload, inserted_at)
       VALUES ('janitor', 'broadcast', 'old', '{}', now()::timestamp - interval '4 days'), ('janitor', 'broadcast', 'recent', '{}', now()::timestamp - interval '2 days')`,
    );
    expect(await deleteOldMessages(stack.owner)).toBeGreaterThanOrEqual(1);
    const { rows } = await stack.owner.query("SELECT event FROM realtime.messages WHERE topic = 'janitor'");
    expect(rows).toEqual([{ event: "recent" }]);
  });
});
