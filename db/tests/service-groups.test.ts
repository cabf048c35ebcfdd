import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/** Exactly one primary agent per service group that has agents, enforced by the database. */

let db: TempPostgres;
let owner: pg.Pool;
let member: Person;
let group: string;
let agents: string[];

const asMember = (sql: string, params: unknown[] = []) => withClaims(owner, member.claims, (c) => c.query(sql, params));
const primaries = async () =>
  (
    await owner.query("SELECT agent_id FROM public.service_group_agents WHERE group_id = $1 AND is_primary", [group])
  ).rows.map((row) => row.agent_id);

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 2 });
  await createPerson(owner, "admin@example.com");
  member = await createPerson(owner, "member@example.com");
  agents = (
    await owner.query(
      "INSERT INTO public.busybro_agents (slug, label, owner_user_id) VALUES ('auth-expert', 'Auth', $1), ('payments', 'Payments', $1), ('graphql', 'GraphQL', $1) RETURNING id",
      [member.id],
    )
  ).rows.map((row) => row.id);
  group = (
    await owner.query(
      "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('Shop', '{api.shop.example,*.cdn.shop.example}', $1) RETURNING id",
      [member.id],
    )
  ).rows[0].id;
  await asMember(
    "INSERT INTO public.service_group_agents (group_id, agent_id, is_primary, position) VALUES ($1, $2, true, 0), ($1, $3, false, 1)",
    [group, agents[0], agents[1]],
  );
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

describe("primary agent of a service group", () => {
  it("rejects a second primary", async () => {
    await expect(
      asMember("INSERT INTO public.service_group_agents (group_id, agent_id, is_primary) VALUES ($1, $2, true)", [
        group,
        agents[2],
      ]),
    ).rejects.toThrow(/must have exactly one primary agent \(it would have 2\)/);
    expect(await primaries()).toEqual([agents[0]]);
  });

  it("rejects removing the primary while other agents remain", async () => {
    await expect(
      asMember("DELETE FROM public.service_group_agents WHERE group_id = $1 AND agent_id = $2", [group, agents[0]]),
    ).rejects.toThrow(/exactly one primary agent \(it would have 0\)/);
    expect(await primaries()).toEqual([agents[0]]);
  });

  it("moves the primary in one statement", async () => {
    await asMember("UPDATE public.service_group_agents SET is_primary = (agent_id = $2) WHERE group_id = $1", [
      group,
      agents[1],
    ]);
    expect(await primaries()).toEqual([agents[1]]);
  });

  it("lets the last agent go, and the group be deleted with its agents", async () => {
    await asMember("DELETE FROM public.service_group_agents WHERE group_id = $1 AND NOT is_primary", [group]);
    await asMember("DELETE FROM public.service_group_agents WHERE group_id = $1", [group]);
    await asMember("INSERT INTO public.service_group_agents (group_id, agent_id, is_primary) VALUES ($1, $2, true)", [
      group,
      agents[2],
    ]);
    await asMember("DELETE FROM public.service_groups WHERE id = $1", [group]);
    expect((await owner.query("SELECT count(*)::int AS n FROM public.service_group_agents")).rows[0].n).toBe(0);
  });

  it("rejects malformed domain patterns", async () => {
    for (const bad of ["https://x.example", "x.example/path", "X.EXAMPLE", "x.example:443", ""]) {
      await expect(
        asMember("INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('bad', $1, $2)", [
          [bad],
          member.id,
        ]),
      ).rejects.toThrow("service_groups_domains_valid");
    }
  });
});
