import type { RealtimeChannel } from "@supabase/supabase-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startLocalSupabase } from "@/lib/local-supabase";
import { freePort } from "@/lib/embedded/ports";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { closeClients, eventually, realtimeClient, subscribed, userToken } from "./test-helpers";

type PresenceView = Record<string, Array<{ presence_ref: string; [key: string]: unknown }>>;

let stack: TestSupabase;
let bob: Person;
beforeAll(async () => {
  stack = await startTestSupabase();
  await createPerson(stack.owner, "admin@example.com");
  bob = await createPerson(stack.owner, "bob@example.com");
});
afterEach(() => closeClients());
afterAll(() => stack?.stop());

describe("Realtime presence", () => {
  async function member(topic: string, key: string, vsn: "1.0.0" | "2.0.0" = "2.0.0") {
    const events: string[] = [];
    const channel = (await realtimeClient(stack, { vsn }))
      .channel(topic, { config: { presence: { key } } })
      .on("presence", { event: "sync" }, () => events.push("sync"))
      .on("presence", { event: "join" }, ({ key: joined }) => events.push(`join:${joined}`))
      .on("presence", { event: "leave" }, ({ key: left }) => events.push(`leave:${left}`));
    await subscribed(channel);
    // presence_state arrives after every join, even an empty one: the client syncs on it.
    await eventually(() => events.includes("sync"), `${key}'s first sync`);
    return { channel, events, state: () => channel.presenceState() as PresenceView };
  }

  it("syncs two clients' presences, updates a re-track, and reports untracks and disconnects as leaves", async () => {
    const topic = `lobby-${Date.now()}`;
    const ada = await member(topic, "ada");
    const ben = await member(topic, "ben", "1.0.0");
    expect(await ada.channel.track({ mood: "curious" })).toBe("ok");
    expect(await ben.channel.track({ mood: "busy" })).toBe("ok");
    await eventually(
      () => Object.keys(ada.state()).length === 2 && Object.keys(ben.state()).length === 2,
      "both presences on both sides",
    );
    expect(ben.state().ada).toEqual([expect.objectContaining({ mood: "curious", presence_ref: expect.any(String) })]);
    expect(ada.state().ben).toEqual([expect.objectContaining({ mood: "busy" })]);

    // A re-track replaces the meta (one entry, new payload).
    expect(await ada.channel.track({ mood: "happy" })).toBe("ok");
    await eventually(() => ben.state().ada?.[0]?.mood === "happy" && ben.state().ada, "the updated presence");
    expect(ben.state().ada).toHaveLength(1);

    expect(await ben.channel.untrack()).toBe("ok");
    await eventually(() => !ada.state().ben, "ben's untrack at ada");
    expect(ada.events).toContain("leave:ben");

    // A third member joins late and gets the current state at once; ada then disconnects.
    const cy = await member(topic, "cy");
    expect(Object.keys(cy.state())).toEqual(["ada"]);
    await ada.channel.unsubscribe();
    await eventually(() => Object.keys(cy.state()).length === 0, "ada's leave at cy");
  });

  it("tracks presence on a private workspace topic when the policy allows it", async () => {
    const { rows } = await stack.owner.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, owner_user_id) VALUES ('W', $1) RETURNING id",
      [bob.id],
    );
    const topic = `ws:${rows[0].id}`;
    const client = await realtimeClient(stack, { token: await userToken(stack, bob.id) });
    const channel: RealtimeChannel = await subscribed(
      client
        .channel(topic, { config: { private: true, presence: { key: "bob" } } })
        .on("presence", { event: "sync" }, () => undefined),
    );
    expect(await channel.track({ watching: true })).toBe("ok");
    await eventually(() => (channel.presenceState() as PresenceView).bob, "bob's own presence");
  });
});

describe("Realtime across a restart of the stand-in", () => {
  it("lets supabase-js reconnect and rejoin on its own, and delivers again", async () => {
    const port = await freePort();
    const start = () =>
      startLocalSupabase({
        mode: "embedded",
        host: "127.0.0.1",
        port,
        databaseUrl: stack.postgres.url,
        keys: stack.keys,
      });
    let standIn = await start();
    try {
      const client = await realtimeClient(stack, { url: standIn.url });
      const statuses: string[] = [];
      const received: string[] = [];
      client
        .channel("survivor")
        .on("broadcast", { event: "*" }, ({ event }) => received.push(event))
        .subscribe((status) => statuses.push(status));
      await eventually(() => statuses.includes("SUBSCRIBED"), "the first join");
      await stack.owner.query("SELECT realtime.send('{}'::jsonb, 'before', 'survivor', false)");
      await eventually(() => received.includes("before"), "a broadcast before the restart");

      await standIn.close();
      standIn = await start();
      await eventually(
        () => statuses.filter((status) => status === "SUBSCRIBED").length >= 2,
        "the rejoin after the restart",
        30_000,
      );
      await stack.owner.query("SELECT realtime.send('{}'::jsonb, 'after', 'survivor', false)");
      await eventually(() => received.includes("after"), "a broadcast after the restart");
      expect(received).toEqual(["before", "after"]);
    } finally {
      await closeClients();
      await standIn.close();
    }
  });
});
