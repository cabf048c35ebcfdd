import { z } from "zod";
import { notFound, AppError } from "@/lib/errors";
import { uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { serviceGroup } from "./shared";
import { groupNotFound, loadGroup } from "./write";

/**
 * Which BusyBro agents a service group uses. The database keeps exactly one primary per group
 * that has agents (a deferred constraint trigger, 0003); these operations move the primary in
 * the same transaction so that rule always holds at commit.
 */

const edit = [{ section: "services", action: "edit" }] as const;

async function linkedAgents(db: Db, groupId: string) {
  const group = await db.query("SELECT 1 FROM public.service_groups WHERE id = $1 FOR UPDATE", [groupId]);
  if (group.length === 0) throw groupNotFound(groupId);
  return db.query<{ agent_id: string; is_primary: boolean }>(
    "SELECT agent_id, is_primary FROM public.service_group_agents WHERE group_id = $1",
    [groupId],
  );
}

async function makePrimary(db: Db, groupId: string, agentId: string) {
  await db.query("UPDATE public.service_group_agents SET is_primary = (agent_id = $2) WHERE group_id = $1", [
    groupId,
    agentId,
  ]);
}

export const linkAgent = defineOperation({
  name: "link_agent",
  title: "Link an agent to a service group",
  description:
    "Links a BusyBro agent to a service group (or updates an existing link). The first agent linked becomes the primary; pass primary=true to make this one " +
    "the primary (the previous primary stays linked). Position orders the agents.",
  domain: "services",
  input: z
    .object({
      group_id: uuidField("The service group"),
      agent_id: uuidField("The agent (from list_agents)"),
      primary: z.boolean().default(false).describe("Make it the group's primary agent"),
      position: z.number().int().min(0).max(10_000).optional(),
    })
    .strict(),
  output: serviceGroup,
  capabilities: [...edit, { section: "agents", action: "view" }],
  readOnly: false,
  // Not additive: relinking overwrites the link's position, and primary=true takes the role from the current primary.
  destructive: true,
  idempotent: true,
  example: {
    group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
    agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b",
    primary: true,
  },
  async handler(input, { db }) {
    const links = await linkedAgents(db, input.group_id);
    const agent = await db.query("SELECT 1 FROM public.busybro_agents WHERE id = $1", [input.agent_id]);
    if (agent.length === 0) throw notFound(`Agent ${input.agent_id}`, "List agents with list_agents.");
    const primary = input.primary || links.filter((l) => l.agent_id !== input.agent_id).length === 0;
    await db.query(
      `INSERT INTO public.service_group_agents (group_id, agent_id, is_primary, position)
       VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position) + 1, 0) FROM public.service_group_agents WHERE group_id = $1)))
       ON CONFLICT (group_id, agent_id) DO UPDATE SET position = coalesce($4, service_group_agents.position)`,
      [input.group_id, input.agent_id, primary, input.position ?? null],
    );
    if (primary) await makePrimary(db, input.group_id, input.agent_id);
    return loadGroup(db, input.group_id);
  },
});

export const unlinkAgent = defineOperation({
  name: "unlink_agent",
  title: "Unlink an agent from a service group",
  description:
    "Removes an agent from a service group. Removing the primary while other agents remain needs new_primary_agent_id (one of the remaining agents).",
  domain: "services",
  input: z
    .object({
      group_id: uuidField("The service group"),
      agent_id: uuidField("The agent to unlink"),
      new_primary_agent_id: z.uuid().optional().describe("Required when unlinking the primary while others remain"),
    })
    .strict(),
  output: serviceGroup,
  capabilities: edit,
  readOnly: false,
  destructive: true,
  // A repeat finds no link (NOT_FOUND) and changes nothing.
  idempotent: true,
  example: { group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b" },
  async handler(input, { db }) {
    const links = await linkedAgents(db, input.group_id);
    const link = links.find((l) => l.agent_id === input.agent_id);
    if (!link)
      throw notFound(
        `A link of agent ${input.agent_id} to group ${input.group_id}`,
        "list_service_groups shows each group's agents.",
      );
    const rest = links.filter((l) => l.agent_id !== input.agent_id);
    if (link.is_primary && rest.length > 0) {
      if (!input.new_primary_agent_id || !rest.some((l) => l.agent_id === input.new_primary_agent_id)) {
        throw new AppError(
          "CONFLICT",
          "That agent is the group's primary and other agents remain.",
          `Pass new_primary_agent_id, one of: ${rest.map((l) => l.agent_id).join(", ")}.`,
        );
      }
      await makePrimary(db, input.group_id, input.new_primary_agent_id);
    }
    await db.query("DELETE FROM public.service_group_agents WHERE group_id = $1 AND agent_id = $2", [
      input.group_id,
      input.agent_id,
    ]);
    return loadGroup(db, input.group_id);
  },
});

export const setPrimaryAgent = defineOperation({
  name: "set_primary_agent",
  title: "Set a service group's primary agent",
  description:
    "Makes one of a service group's linked agents its primary (the agent BusyBro consults first for that service). The previous primary stays linked.",
  domain: "services",
  input: z.object({ group_id: uuidField("The service group"), agent_id: uuidField("A linked agent") }).strict(),
  output: serviceGroup,
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b" },
  async handler(input, { db }) {
    const links = await linkedAgents(db, input.group_id);
    if (!links.some((l) => l.agent_id === input.agent_id))
      throw notFound(`A link of agent ${input.agent_id} to group ${input.group_id}`, "Link it first with link_agent.");
    await makePrimary(db, input.group_id, input.agent_id);
    return loadGroup(db, input.group_id);
  },
});
