import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  closeClients,
  eventually,
  realtimeClient,
  subscribed,
  userToken,
} from "@/lib/local-supabase/realtime/test-helpers";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { createRoleWith } from "../testing";

/**
 * The snapshot pushes follow stats:view / status:view: a subscriber without the capability
 * never receives the row. Each person's own new device is a marker that arrives after the
 * snapshot changes (one ordered stream), so "nothing arrived" is checked without a sleep.
 */
describe("postgres_changes on the snapshot tables", () => {
  let stack: TestSupabase;
  let admin: Person;
  let member: Person;
  let outsider: Person;

  beforeAll(async () => {
    stack = await startTestSupabase();
    admin = await createPerson(stack.owner, "admin@example.com");
    member = await createPerson(stack.owner, "member@example.com", "member");
    await createRoleWith(stack.owner, "devices-only", ["devices:edit"], "own");
    outsider = await createPerson(stack.owner, "outsider@example.com", "devices-only");
  });
  afterEach(() => closeClients());
  afterAll(() => stack?.stop());

  async function watch(person: Person) {
    const seen: string[] = [];
    const supabase = await realtimeClient(stack, { token: await userToken(stack, person.id) });
    const channel = supabase.channel(`snapshots-${person.email}`);
    for (const table of ["service_stats", "service_status"])
      channel.on("postgres_changes", { event: "UPDATE", schema: "public", table }, () => seen.push(table));
    channel.on("postgres_changes", { event: "INSERT", schema: "public", table: "devices" }, () => seen.push("marker"));
    await subscribed(channel);
    return seen;
  }

  it("delivers stats to stats:view, status to status:view, and nothing to a role with neither", async () => {
    const [forAdmin, forMember, forOutsider] = await Promise.all([watch(admin), watch(member), watch(outsider)]);
    await stack.owner.query("SELECT public.refresh_service_stats()");
    await stack.owner.query(
      `UPDATE public.service_status SET snapshot = '{"overall": "ok", "components": []}', updated_at = now() WHERE id = 1`,
    );
    for (const person of [admin, member, outsider]) await createDevice(stack.owner, person, `marker ${person.email}`);
    // Admin has fleet scope: every marker; the others their own.
    await eventually(() => forAdmin.filter((t) => t === "marker").length === 3, "the admin's markers");
    await eventually(() => forMember.includes("marker"), "the member's marker");
    await eventually(() => forOutsider.includes("marker"), "the outsider's marker");
    expect(forAdmin.filter((t) => t !== "marker").sort()).toEqual(["service_stats", "service_status"]);
    expect(forMember.filter((t) => t !== "marker")).toEqual(["service_stats"]);
    expect(forOutsider).toEqual(["marker"]);
  });
});
