import type { RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { closeClients, eventually, realtimeClient, subscribed, userToken } from "./test-helpers";

type Change = RealtimePostgresChangesPayload<Record<string, unknown>>;
type Binding = {
  event: "*" | "INSERT" | "UPDATE" | "DELETE";
  schema: string;
  table?: string;
  filter?: string;
  select?: string[];
};

/** postgres_changes through the real supabase-js: bindings, filters, RLS per subscriber, shapes. */
describe("Realtime postgres_changes", () => {
  let stack: TestSupabase;
  let admin: Person;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    stack = await startTestSupabase();
    admin = await createPerson(stack.owner, "admin@example.com");
    alice = await createPerson(stack.owner, "alice@example.com");
    bob = await createPerson(stack.owner, "bob@example.com");
    // A table of our own for operators and types; column privileges hide `secret`.
    await stack.owner.query(`
      CREATE TABLE public.rt_items (id int PRIMARY KEY, n int, label text, tags text[], meta jsonb, done boolean, at timestamptz, secret text);
      GRANT SELECT (id, n, label, tags, meta, done, at) ON public.rt_items TO authenticated, anon;
      CREATE TABLE public.rt_unpublished (id int PRIMARY KEY);
      CREATE TABLE public.rt_soft (id int PRIMARY KEY, deleted_at timestamptz);
      GRANT SELECT ON public.rt_soft TO authenticated;
      ALTER PUBLICATION supabase_realtime ADD TABLE public.rt_items, public.rt_soft;`);
  });
  afterEach(() => closeClients());
  afterAll(() => stack?.stop());

  async function watch(person: Person | undefined, bindings: Binding[]) {
    const changes: Change[] = [];
    const system: Array<{ status: string; message: string; extension: string }> = [];
    const supabase = await realtimeClient(stack, { token: person ? await userToken(stack, person.id) : undefined });
    let channel = supabase
      .channel(`changes-${Math.random().toString(36).slice(2)}`)
      .on("system", {}, (message) => system.push(message));
    for (const binding of bindings)
      channel = channel.on("postgres_changes", binding as Binding & { event: "*" }, (change) =>
        changes.push(change as Change),
      );
    await subscribed(channel);
    await eventually(() => system.length > 0, "the postgres_changes system message");
    return { changes, system };
  }

  it("reports the subscription, then delivers inserts only to the people whose RLS allows the row", async () => {
    const devices: Binding[] = [{ event: "INSERT", schema: "public", table: "devices" }];
    const [forAlice, forBob, forAdmin] = await Promise.all([
      watch(alice, devices),
      watch(bob, devices),
      watch(admin, devices),
    ]);
    expect(forAlice.system).toEqual([
      { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: expect.any(String) },
    ]);

    const aliceDevice = await createDevice(stack.owner, alice, "Alice's phone");
    const bobDevice = await createDevice(stack.owner, bob, "Bob's phone");
    await eventually(
      () => forBob.changes.length === 1 && forAlice.changes.length === 1 && forAdmin.changes.length === 2,
      "the inserts",
    );
    expect(forAlice.changes[0]).toMatchObject({
      schema: "public",
      table: "devices",
      eventType: "INSERT",
      new: { uuid: aliceDevice, name: "Alice's phone", owner_user_id: alice.id },
      old: {},
      errors: null,
    });
    expect(forBob.changes.map((change) => (change.new as { uuid: string }).uuid)).toEqual([bobDevice]);
    expect(forAdmin.changes.map((change) => (change.new as { uuid: string }).uuid)).toEqual([aliceDevice, bobDevice]);
    expect(forAlice.changes[0].commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("delivers updates with the new row and the key as the old row, and deletes with only the key when RLS is on", async () => {
    const device = await createDevice(stack.owner, alice, "Heartbeat phone");
    await stack.owner.query("INSERT INTO public.device_status (device_uuid, vpn_state) VALUES ($1, 'connecting')", [
      device,
    ]);
    const [forAlice, forBob] = await Promise.all([
      watch(alice, [
        { event: "*", schema: "public", table: "device_status" },
        { event: "DELETE", schema: "public", table: "devices", filter: `uuid=eq.${device}` },
      ]),
      watch(bob, [
        { event: "UPDATE", schema: "public", table: "device_status" },
        { event: "DELETE", schema: "public", table: "devices" },
      ]),
    ]);
    await stack.owner.query(
      "UPDATE public.device_status SET vpn_state = 'connected', country = 'DE' WHERE device_uuid = $1",
      [device],
    );
    // Under load the stream may still be behind the setup's INSERT when Alice joins, and then
    // delivers it to her (Supabase does the same): look for the UPDATE itself.
    const update = await eventually(
      () => forAlice.changes.find((change) => change.eventType === "UPDATE"),
      "the update",
    );
    expect(update).toMatchObject({
      eventType: "UPDATE",
      new: { device_uuid: device, vpn_state: "connected", country: "DE" },
      old: { device_uuid: device },
    });
    expect(Object.keys(update.old)).toEqual(["device_uuid"]);

    await stack.owner.query("DELETE FROM public.devices WHERE uuid = $1", [device]);
    // The cascade deletes device_status too; Alice hears both, each with only the primary key.
    await eventually(
      () => forAlice.changes.filter((change) => change.eventType === "DELETE").length === 2,
      "the deletes",
    );
    const deletes = forAlice.changes
      .filter((change) => change.eventType === "DELETE")
      .map((change) => ({ table: change.table, eventType: change.eventType, old: change.old, new: change.new }));
    expect(deletes).toEqual(
      expect.arrayContaining([
        { table: "devices", eventType: "DELETE", old: { uuid: device }, new: {} },
        { table: "device_status", eventType: "DELETE", old: { device_uuid: device }, new: {} },
      ]),
    );
    // Deletes cannot be RLS-checked (the row is gone): Realtime sends them, keys only, to Bob too.
    await eventually(() => forBob.changes.length === 1, "the delete at Bob");
    expect(forBob.changes[0]).toMatchObject({ table: "devices", eventType: "DELETE", old: { uuid: device } });
    expect(forBob.changes.some((change) => change.eventType === "UPDATE")).toBe(false);
  });

  it("applies every filter operator the client sends, with values compared as the column's type", async () => {
    const cases: Array<[string, number[]]> = [
      ["n=eq.5", [5]],
      ["n=neq.5", [1, 9, 10]],
      ["n=lt.5", [1]],
      ["n=lte.5", [1, 5]],
      ["n=gt.5", [9, 10]],
      ["n=gte.9", [9, 10]],
      ["n=in.(1,10)", [1, 10]],
      ['label=in.("a,b",plain)', [9, 10]],
      ["label=like.pl%", [10]],
      ["label=ilike.PL%", [10]],
      ["n=not.in.(1,5)", [9, 10]],
      ["done=is.true", [5]],
      // Filters of `is` alone bind no value: the conversion query must not be sent one.
      ["label=is.null", [5]],
      ["done=not.is.null", [1, 5, 9]],
      ["label=is.null,done=is.true", [5]],
      ["n=gt.1,n=lt.10", [5, 9]],
    ];
    // Each watcher also watches a marker row: once it arrives on that socket, every earlier row has.
    const marker: Binding = { event: "INSERT", schema: "public", table: "rt_items", filter: "id=eq.999" };
    const watchers = await Promise.all(
      cases.map(([filter]) => watch(admin, [{ event: "INSERT", schema: "public", table: "rt_items", filter }, marker])),
    );
    await stack.owner.query(
      `INSERT INTO public.rt_items (id, n, label, done) VALUES (101, 1, 'x', false), (102, 5, NULL, true), (103, 9, 'a,b', false), (104, 10, 'plain', NULL)`,
    );
    await stack.owner.query("INSERT INTO public.rt_items (id, n) VALUES (999, 1000)");
    for (const [index, [filter, expected]] of cases.entries()) {
      await eventually(
        () => watchers[index].changes.some((change) => (change.new as { id: number }).id === 999),
        `the marker for ${filter}`,
      );
      const seen = watchers[index].changes.map((change) => (change.new as { n: number }).n).filter((n) => n < 1000);
      expect({ filter, seen }).toEqual({ filter, seen: expected });
    }
  });

  it("delivers through a filter made only of `is` when no subscriber of the table binds a filter value", async () => {
    const { changes } = await watch(alice, [
      { event: "INSERT", schema: "public", table: "rt_soft", filter: "deleted_at=is.null" },
    ]);
    await stack.owner.query("INSERT INTO public.rt_soft (id, deleted_at) VALUES (1, now())");
    await stack.owner.query("INSERT INTO public.rt_soft (id, deleted_at) VALUES (2, NULL)");
    await stack.owner.query("INSERT INTO public.rt_soft (id, deleted_at) VALUES (3, now()), (4, NULL)");
    // Transactions are processed in commit order: once 4 is here, 1 and 3 were judged.
    await eventually(() => changes.length === 2, "the two live rows");
    expect(changes.map((change) => (change.new as { id: number }).id)).toEqual([2, 4]);
    expect(stack.log.filter((line) => line.includes("rt_soft"))).toEqual([]);
  });

  it("sends typed values, only the columns the role may select, and keeps each table's order", async () => {
    const { changes } = await watch(alice, [{ event: "*", schema: "public", table: "rt_items", filter: "id=eq.300" }]);
    await stack.owner.query(
      `INSERT INTO public.rt_items (id, n, label, tags, meta, done, at, secret) VALUES (300, 0, 'typed', '{a,b}', '{"k":[1,true]}', true, '2026-01-02T03:04:05.678Z', 'hidden')`,
    );
    for (let n = 1; n <= 30; n++) await stack.owner.query("UPDATE public.rt_items SET n = $1 WHERE id = 300", [n]);
    await eventually(() => changes.length === 31, "the insert and 30 updates");
    const { at, ...rest } = changes[0].new as { at: string };
    expect(rest).toEqual({ id: 300, n: 0, label: "typed", tags: ["a", "b"], meta: { k: [1, true] }, done: true });
    // to_jsonb(timestamptz): ISO 8601 with the database's offset (UTC on Supabase).
    expect(at).toMatch(/^2026-01-0\dT\d\d:04:05\.678[+-]\d\d:\d\d$/);
    expect(new Date(at).toISOString()).toBe("2026-01-02T03:04:05.678Z");
    expect(changes.slice(1).map((change) => (change.new as { n: number }).n)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it("narrows the payload to the selected columns (and the primary key) for a binding with select", async () => {
    const { changes } = await watch(alice, [
      { event: "INSERT", schema: "public", table: "rt_items", filter: "id=eq.400", select: ["label"] },
    ]);
    await stack.owner.query("INSERT INTO public.rt_items (id, n, label, done) VALUES (400, 4, 'narrow', true)");
    await eventually(() => changes[0], "the insert");
    expect(changes[0].new).toEqual({ id: 400, label: "narrow" });
    const refused = await watch(alice, [{ event: "*", schema: "public", table: "rt_items", select: ["nope"] }]);
    expect(refused.system[0].message).toContain("invalid column for select nope");
  });

  it("reports bindings it cannot serve as a system error after a successful join", async () => {
    const unpublished = await watch(alice, [{ event: "*", schema: "public", table: "rt_unpublished" }]);
    expect(unpublished.system[0]).toMatchObject({
      extension: "postgres_changes",
      status: "error",
      message: expect.stringContaining("Unable to subscribe to changes with given parameters"),
    });
    const badColumn = await watch(alice, [{ event: "*", schema: "public", table: "rt_items", filter: "nope=eq.1" }]);
    expect(badColumn.system[0].message).toContain("invalid column for filter nope");
    const badValue = await watch(alice, [
      { event: "*", schema: "public", table: "rt_items", filter: "n=eq.not-a-number" },
    ]);
    expect(badValue.system[0].status).toBe("error");
  });

  it("tells subscribers when the change stream breaks, then delivers what was committed meanwhile, once and in order", async () => {
    const { changes, system } = await watch(admin, [
      { event: "INSERT", schema: "public", table: "rt_items", filter: "id=gte.500" },
    ]);
    await stack.owner.query("INSERT INTO public.rt_items (id, n) VALUES (500, 1)");
    await eventually(() => changes.length === 1, "a change before the break");
    await stack.owner.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'busymate-realtime'",
    );
    // Committed while the stream is down: the slot keeps it.
    await stack.owner.query("INSERT INTO public.rt_items (id, n) VALUES (501, 1)");
    await eventually(() => system.some((message) => message.status === "error"), "the interruption notice");
    expect(system[1]).toMatchObject({
      extension: "postgres_changes",
      status: "error",
      message: expect.stringContaining("delayed"),
    });
    await eventually(
      () => system.filter((message) => message.message === "Subscribed to PostgreSQL").length === 2,
      "the resumption notice",
    );
    await stack.owner.query("INSERT INTO public.rt_items (id, n) VALUES (502, 1)");
    await eventually(() => changes.length >= 3, "the changes during and after the break");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes.map((change) => (change.new as { id: number }).id)).toEqual([500, 501, 502]);
    const slots = await stack.owner.query(
      "SELECT slot_name FROM pg_replication_slots WHERE starts_with(slot_name, 'busymate_realtime_')",
    );
    expect(slots.rows).toHaveLength(1);
  });

  it("follows the token: anon sees nothing of RLS tables, and a refreshed token changes what is delivered", async () => {
    const anonymous = await watch(undefined, [{ event: "INSERT", schema: "public", table: "devices" }]);
    const bobClient = await realtimeClient(stack, { token: await userToken(stack, bob.id) });
    const changes: Change[] = [];
    const channel = await subscribed(
      bobClient
        .channel("bob-devices", { config: { broadcast: { ack: true } } })
        .on("postgres_changes", { event: "INSERT", schema: "public", table: "devices" }, (change) =>
          changes.push(change as Change),
        ),
    );
    await createDevice(stack.owner, alice, "Not for Bob");
    // Checked after commit with the claims of that moment: wait until that insert was judged
    // (the anon watcher hears of it in the same pass) before the token changes.
    await eventually(() => anonymous.changes.length === 1, "the first insert to be processed");
    // The socket's token becomes Alice's (a re-login). access_token is never answered, but a
    // later message on the same channel is handled after it: its ack proves the switch.
    await bobClient.realtime.setAuth(await userToken(stack, alice.id));
    expect(await channel.send({ type: "broadcast", event: "sync", payload: {} })).toBe("ok");
    const second = await createDevice(stack.owner, alice, "Now visible");
    await eventually(() => changes.length === 1, "the insert after the refresh");
    expect((changes[0].new as { uuid: string }).uuid).toBe(second);
    // anon has no SELECT on devices: every insert comes as an error payload without the row.
    await eventually(() => anonymous.changes.length === 2, "anon's error payloads");
    expect(anonymous.changes[0]).toMatchObject({ eventType: "INSERT", new: {}, errors: ["Error 401: Unauthorized"] });
  });
});
