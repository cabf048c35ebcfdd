import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { closeClients, eventually, realtimeClient, userToken } from "@/lib/local-supabase/realtime/test-helpers";
import { retention } from "./retention";
import { schedule } from "./schedule";

/**
 * Retention drops partitions under a running stand-in: the live feed's channel and REST must
 * not notice (a DROP makes REST reload its schema cache and replans every query on entries).
 */
describe("retention under live clients", () => {
  let stack: TestSupabase;
  let pool: pg.Pool;
  let member: Person;
  let phone: string;

  beforeAll(async () => {
    stack = await startTestSupabase();
    pool = new pg.Pool({ connectionString: stack.postgres.url, max: 2 });
    await createPerson(stack.owner, "admin@example.com");
    member = await createPerson(stack.owner, "member@example.com", "member");
    phone = await createDevice(stack.owner, member, "Member's phone");
    await stack.owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '8 weeks', 6)");
    await insertEntries(
      pool,
      phone,
      ["https://old.example.com/a", "https://old.example.com/b"],
      new Date(Date.now() - 6 * 7 * 86_400_000),
    );
    await insertEntries(pool, phone, ["https://new.example.com/kept"]);
  }, 120_000);
  afterAll(async () => {
    await closeClients();
    await pool?.end();
    await stack?.stop();
  });

  it("a member's live feed and REST reads carry on across a partition drop", async () => {
    const token = await userToken(stack, member.id);
    const received: { event: string; payload: { host?: string } }[] = [];
    const client = await realtimeClient(stack, { token });
    const status = await new Promise<string>((resolve) =>
      client
        .channel(`owner:${member.id}`, { config: { private: true } })
        .on("broadcast", { event: "entry" }, (message) =>
          received.push(message as unknown as (typeof received)[number]),
        )
        .subscribe((s) => {
          if (s !== "CLOSED") resolve(s);
        }),
    );
    expect(status).toBe("SUBSCRIBED");
    const rest = stack.client({ accessToken: token });
    expect((await rest.from("entries").select("id, host")).data).toHaveLength(3);

    await stack.owner.query("UPDATE public.settings_global SET retention_days = 14 WHERE id = 1");
    const log: string[] = [];
    const running = schedule(
      pool,
      retention((line) => log.push(line)),
      (line) => log.push(line),
    );
    await running.stop();
    expect(log.join("\n")).toMatch(/retention: dropped entries_\d{4}w\d{2}/);

    await insertEntries(pool, phone, ["https://after.example.com/live"]);
    const live = await eventually(
      () => received.find((message) => message.payload.host === "after.example.com"),
      "the capture made after the drop, live",
    );
    expect(live.event).toBe("entry");
    const { data, error } = await rest.from("entries").select("host").order("id");
    expect(error).toBeNull();
    expect(data?.map((row) => row.host)).toEqual(["new.example.com", "after.example.com"]);
  });
});
