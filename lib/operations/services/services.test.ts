import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;

type Group = {
  id: string;
  name: string;
  ssl_proxy_domains: string[];
  domain_count: number;
  agents: { agent_id: string; is_primary: boolean }[];
  updated_at: string;
};
type Agent = {
  id: string;
  slug: string;
  label: string;
  instructions: string;
  updated_at: string;
  groups: { group_id: string; is_primary: boolean }[];
};

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
});
afterAll(async () => db?.stop());

describe("service groups", () => {
  let stripe: Group;

  it("a member creates, edits and expands their own groups", async () => {
    stripe = await run<Group>(
      db,
      "create_service_group",
      { name: "Stripe", ssl_proxy_domains: ["API.stripe.com", "*.stripe.network"] },
      callerOf(memberA),
    );
    expect(stripe.ssl_proxy_domains).toEqual(["api.stripe.com", "*.stripe.network"]);
    const edited = await run<Group>(
      db,
      "update_service_group",
      {
        group_id: stripe.id,
        add_domains: ["checkout.stripe.com", "api.stripe.com"],
        remove_domains: ["*.stripe.network"],
      },
      callerOf(memberA),
    );
    expect(edited.ssl_proxy_domains).toEqual(["api.stripe.com", "checkout.stripe.com"]);
    const other = await run<Group>(
      db,
      "create_service_group",
      { name: "Adyen", ssl_proxy_domains: ["*.adyen.com", "api.stripe.com"] },
      callerOf(memberA),
    );
    expect(await run(db, "expand_service_groups", { group_ids: [stripe.id, other.id] }, callerOf(memberA))).toEqual({
      domains: ["*.adyen.com", "api.stripe.com", "checkout.stripe.com"],
      count: 3,
      truncated: false,
    });
    const list = await run<{ items: Group[] }>(db, "list_service_groups", {}, callerOf(memberA));
    expect(list.items.map((g) => g.name)).toEqual(["Adyen", "Stripe"]);
  });

  it("member B can neither see nor change A's groups", async () => {
    expect((await run<{ items: Group[] }>(db, "list_service_groups", {}, callerOf(memberB))).items).toEqual([]);
    expect(await run(db, "expand_service_groups", { group_ids: [stripe.id] }, callerOf(memberB))).toMatchObject({
      domains: [],
      count: 0,
    });
    await expectRefused(
      run(db, "update_service_group", { group_id: stripe.id, name: "mine" }, callerOf(memberB)),
      "NOT_FOUND",
    );
    await expectRefused(run(db, "delete_service_group", { group_id: stripe.id }, callerOf(memberB)), "NOT_FOUND");
  });

  it("names a bad domain pattern", async () => {
    await expectRefused(
      run(db, "update_service_group", { group_id: stripe.id, add_domains: ["https://x.com/path"] }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "add_domains.0",
    );
  });

  it("a stale version is refused with CONFLICT, not overwritten", async () => {
    const loaded = await run<{ items: Group[] }>(db, "list_service_groups", {}, callerOf(memberA));
    stripe = loaded.items.find((g) => g.id === stripe.id)!;
    const renamed = await run<Group>(
      db,
      "update_service_group",
      { group_id: stripe.id, description: "Payments", expected_updated_at: stripe.updated_at },
      callerOf(memberA),
    );
    expect(renamed.updated_at > stripe.updated_at).toBe(true);
    const stale = await expectRefused(
      run(
        db,
        "update_service_group",
        { group_id: stripe.id, name: "Stripe (old tab)", expected_updated_at: stripe.updated_at },
        callerOf(memberA),
      ),
      "CONFLICT",
    );
    expect(stale.message).toContain("changed since you loaded it");
    const list = await run<{ items: Group[] }>(db, "list_service_groups", {}, callerOf(memberA));
    expect(list.items.find((g) => g.id === stripe.id)).toMatchObject({ name: "Stripe", description: "Payments" });
    stripe = await run<Group>(
      db,
      "update_service_group",
      { group_id: stripe.id, name: "Stripe", expected_updated_at: renamed.updated_at },
      callerOf(memberA),
    );
  });
});

describe("agents and their links to groups", () => {
  let expert: Agent;
  let helper: Agent;
  let group: Group;

  it("members read the shared registry but only agents:edit may write it", async () => {
    await expectRefused(run(db, "create_agent", { slug: "nope", label: "No" }, callerOf(memberA)), "FORBIDDEN");
    expert = await run<Agent>(
      db,
      "create_agent",
      { slug: "stripe-expert", label: "Stripe expert", instructions: "Knows Stripe." },
      callerOf(admin),
    );
    helper = await run<Agent>(db, "create_agent", { slug: "helper", label: "Helper" }, callerOf(admin));
    await expectRefused(run(db, "create_agent", { slug: "helper", label: "Twin" }, callerOf(admin)), "CONFLICT");
    const list = await run<{ items: { slug: string; instructions_preview: string }[] }>(
      db,
      "list_agents",
      {},
      callerOf(memberA),
    );
    expect(list.items.map((a) => a.slug)).toEqual(["helper", "stripe-expert"]);
    expect((await run<Agent>(db, "get_agent", { agent_id: expert.id }, callerOf(memberA))).instructions).toBe(
      "Knows Stripe.",
    );
    await expectRefused(run(db, "update_agent", { agent_id: expert.id, label: "x" }, callerOf(memberA)), "FORBIDDEN");
    expect(await run(db, "update_agent", { agent_id: expert.id, model: "gpt-5.1" }, callerOf(admin))).toMatchObject({
      model: "gpt-5.1",
      label: "Stripe expert",
    });
  });

  it("an update carrying a stale updated_at is refused with CONFLICT", async () => {
    const loaded = await run<Agent>(db, "get_agent", { agent_id: expert.id }, callerOf(admin));
    const saved = await run<Agent>(
      db,
      "update_agent",
      { agent_id: expert.id, instructions: "Knows Stripe well.", expected_updated_at: loaded.updated_at },
      callerOf(admin),
    );
    expect(saved.updated_at > loaded.updated_at).toBe(true);
    const refused = await expectRefused(
      run(
        db,
        "update_agent",
        { agent_id: expert.id, label: "Old tab", expected_updated_at: loaded.updated_at },
        callerOf(admin),
      ),
      "CONFLICT",
    );
    expect(refused.field).toBe("expected_updated_at");
    expect((await run<Agent>(db, "get_agent", { agent_id: expert.id }, callerOf(admin))).label).toBe("Stripe expert");
  });

  it("the first linked agent is primary; moving the primary keeps exactly one", async () => {
    group = await run<Group>(db, "create_service_group", { name: "Payments" }, callerOf(admin));
    group = await run<Group>(db, "link_agent", { group_id: group.id, agent_id: helper.id }, callerOf(admin));
    expect(group.agents).toEqual([expect.objectContaining({ agent_id: helper.id, is_primary: true })]);
    group = await run<Group>(
      db,
      "link_agent",
      { group_id: group.id, agent_id: expert.id, primary: true },
      callerOf(admin),
    );
    expect(group.agents.map((a) => [a.agent_id, a.is_primary])).toEqual([
      [expert.id, true],
      [helper.id, false],
    ]);
    group = await run<Group>(db, "set_primary_agent", { group_id: group.id, agent_id: helper.id }, callerOf(admin));
    expect(group.agents.filter((a) => a.is_primary).map((a) => a.agent_id)).toEqual([helper.id]);
    expect((await run<Agent>(db, "get_agent", { agent_id: helper.id }, callerOf(admin))).groups).toEqual([
      { group_id: group.id, name: "Payments", is_primary: true },
    ]);
  });

  it("removing the primary needs its successor named", async () => {
    const refused = await expectRefused(
      run(db, "unlink_agent", { group_id: group.id, agent_id: helper.id }, callerOf(admin)),
      "CONFLICT",
    );
    expect(refused.remediation).toContain(expert.id);
    await expectRefused(run(db, "delete_agent", { agent_id: helper.id }, callerOf(admin)), "CONFLICT");
    group = await run<Group>(
      db,
      "unlink_agent",
      { group_id: group.id, agent_id: helper.id, new_primary_agent_id: expert.id },
      callerOf(admin),
    );
    expect(group.agents).toEqual([expect.objectContaining({ agent_id: expert.id, is_primary: true })]);
    group = await run<Group>(db, "unlink_agent", { group_id: group.id, agent_id: expert.id }, callerOf(admin));
    expect(group.agents).toEqual([]);
  });

  it("links only within your own groups, and only agents that exist", async () => {
    const own = await run<Group>(db, "create_service_group", { name: "Mine" }, callerOf(memberA));
    await expectRefused(
      run(db, "link_agent", { group_id: group.id, agent_id: expert.id }, callerOf(memberA)),
      "NOT_FOUND",
    );
    await expectRefused(
      run(db, "link_agent", { group_id: own.id, agent_id: "00000000-0000-4000-8000-000000000000" }, callerOf(memberA)),
      "NOT_FOUND",
    );
    const linked = await run<Group>(db, "link_agent", { group_id: own.id, agent_id: expert.id }, callerOf(memberA));
    expect(linked.agents).toHaveLength(1);
  });

  it("deletes groups and agents", async () => {
    expect(await run(db, "delete_service_group", { group_id: group.id }, callerOf(admin))).toMatchObject({
      deleted: true,
      name: "Payments",
    });
    expect(await run(db, "delete_agent", { agent_id: helper.id }, callerOf(admin))).toEqual({
      deleted: true,
      agent_id: helper.id,
      slug: "helper",
    });
    await expectRefused(run(db, "get_agent", { agent_id: helper.id }, callerOf(admin)), "NOT_FOUND");
  });
});

describe("where a service group is used", () => {
  it("lists the devices whose effective settings include it, global or their own", async () => {
    const group = await run<Group>(db, "create_service_group", { name: "Used" }, callerOf(admin));
    const inherits = await createDevice(db.owner, memberA, "Inherits");
    const overrides = await createDevice(db.owner, memberA, "Overrides");
    const elsewhere = await createDevice(db.owner, memberB, "B's phone");
    const usage = (who: Person) =>
      run<{ in_global: boolean; devices: { device_uuid: string; via: string }[] }>(
        db,
        "service_group_usage",
        { group_id: group.id },
        callerOf(who),
      );
    expect(await usage(admin)).toEqual({ in_global: false, devices: [] });

    await run(db, "update_global_settings", { service_group_ids: [group.id] }, callerOf(admin));
    await run(db, "update_device_settings", { device_uuid: overrides, service_group_ids: [] }, callerOf(memberA));
    const seen = await usage(admin);
    expect(seen.in_global).toBe(true);
    expect(seen.devices.map((d) => [d.device_uuid, d.via])).toEqual(
      expect.arrayContaining([
        [inherits, "global"],
        [elsewhere, "global"],
      ]),
    );
    expect(seen.devices.some((d) => d.device_uuid === overrides)).toBe(false);

    await run(db, "update_global_settings", { service_group_ids: [] }, callerOf(admin));
    await run(
      db,
      "update_device_settings",
      { device_uuid: overrides, service_group_ids: [group.id] },
      callerOf(memberA),
    );
    expect((await usage(admin)).devices).toEqual([{ device_uuid: overrides, name: "Overrides", via: "device" }]);
    // Another member cannot ask about a group they cannot see.
    await expectRefused(usage(memberB), "NOT_FOUND");
  });
});
