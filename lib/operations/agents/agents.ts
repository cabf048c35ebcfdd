import { z } from "zod";
import { notFound } from "@/lib/errors";
import { clip, isoRequired, requireOneOf, timestamp, uuidField } from "../fields";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation, type Db } from "../types";
import { assertUnchanged, expectedUpdatedAt } from "../versions";

/** BusyBro's specialist agents (busybro_agents): a shared registry, edited by their owners. */

const agentSummary = z.object({
  id: z.string(),
  slug: z.string(),
  label: z.string(),
  model: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  instructions_preview: z.string().describe("The first 200 characters of its instructions"),
  instructions_length: z.number(),
  updated_at: timestamp,
});

const agentDetail = agentSummary.omit({ instructions_preview: true }).extend({
  instructions: z.string(),
  groups: z
    .array(z.object({ group_id: z.string(), name: z.string(), is_primary: z.boolean() }))
    .describe("Service groups (that you can see) using it"),
});

interface AgentRow {
  id: string;
  slug: string;
  label: string;
  model: string | null;
  owner_user_id: string | null;
  instructions: string;
  updated_at: Date;
}

const COLUMNS = "a.id, a.slug, a.label, a.model, a.owner_user_id, a.instructions, a.updated_at";

const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{1,63}$/, "2–64 characters: a letter, then letters, digits, - or _");

async function loadAgent(db: Db, agentId: string): Promise<z.input<typeof agentDetail>> {
  const [row] = await db.query<AgentRow>(`SELECT ${COLUMNS} FROM public.busybro_agents a WHERE a.id = $1`, [agentId]);
  if (!row) throw notFound(`Agent ${agentId}`, "List agents with list_agents.");
  const groups = await db.query<{ group_id: string; name: string; is_primary: boolean }>(
    "SELECT g.id AS group_id, g.name, l.is_primary FROM public.service_group_agents l JOIN public.service_groups g ON g.id = l.group_id WHERE l.agent_id = $1 ORDER BY g.name",
    [agentId],
  );
  const { instructions, updated_at, ...rest } = row;
  return {
    ...rest,
    instructions,
    instructions_length: instructions.length,
    updated_at: isoRequired(updated_at),
    groups,
  };
}

export const listAgents = defineOperation({
  name: "list_agents",
  title: "List BusyBro agents",
  description:
    "Lists BusyBro's specialist agents (reusable expert personas with instructions and an optional model), sorted by slug, with a preview of their instructions. Paginated by next_cursor.",
  domain: "agents",
  input: z.object({ limit: limitField(), cursor: cursorField }).strict(),
  output: pageOf(agentSummary),
  capabilities: [{ section: "agents", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 20 },
  async handler(input, { db }) {
    const offset = offsetOf("list_agents", input.cursor);
    const rows = await db.query<AgentRow>(
      `SELECT ${COLUMNS} FROM public.busybro_agents a ORDER BY a.slug OFFSET $1 LIMIT $2`,
      [offset, input.limit + 1],
    );
    return toPage(
      "list_agents",
      rows,
      input.limit,
      ({ instructions, updated_at, ...rest }) => ({
        ...rest,
        instructions_preview: clip(instructions, 200)!,
        instructions_length: instructions.length,
        updated_at: isoRequired(updated_at),
      }),
      () => ({ offset: offset + input.limit }),
    );
  },
});

export const getAgent = defineOperation({
  name: "get_agent",
  title: "Get a BusyBro agent",
  description: "One agent with its full instructions and the service groups that use it.",
  domain: "agents",
  input: z.object({ agent_id: uuidField("The agent's id (from list_agents)") }).strict(),
  output: agentDetail,
  capabilities: [{ section: "agents", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b" },
  async handler({ agent_id }, { db }) {
    return loadAgent(db, agent_id);
  },
});

export const createAgent = defineOperation({
  name: "create_agent",
  title: "Create a BusyBro agent",
  description:
    "Creates a specialist agent you own: a unique slug, a label, its instructions (up to 20,000 characters) and optionally the model it should use.",
  domain: "agents",
  input: z
    .object({
      slug: slugField,
      label: z.string().trim().min(1).max(100),
      instructions: z.string().max(20_000).default(""),
      model: z.string().trim().min(1).max(200).optional().describe("A model id; omit to use BusyBro's default"),
    })
    .strict(),
  output: agentDetail,
  capabilities: [{ section: "agents", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: {
    slug: "stripe-expert",
    label: "Stripe expert",
    instructions: "You know Stripe's API: explain payment intents, webhooks and errors.",
  },
  async handler(input, { db }) {
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO public.busybro_agents (slug, label, instructions, model, owner_user_id) VALUES ($1, $2, $3, $4, auth.uid()) RETURNING id",
      [input.slug, input.label, input.instructions, input.model ?? null],
    );
    return loadAgent(db, row.id);
  },
});

export const updateAgent = defineOperation({
  name: "update_agent",
  title: "Update a BusyBro agent",
  description:
    "Changes an agent's slug, label, instructions or model (null model = BusyBro's default). Only the fields you pass change; instructions are replaced whole. " +
    "Pass the updated_at you loaded as expected_updated_at to refuse (CONFLICT) instead of overwriting a newer change.",
  domain: "agents",
  input: z
    .object({
      agent_id: uuidField("The agent"),
      slug: slugField.optional(),
      label: z.string().trim().min(1).max(100).optional(),
      instructions: z.string().max(20_000).optional(),
      model: z.string().trim().min(1).max(200).nullable().optional(),
      expected_updated_at: expectedUpdatedAt,
    })
    .strict()
    .superRefine(requireOneOf(["slug", "label", "instructions", "model"])),
  output: agentDetail,
  capabilities: [{ section: "agents", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b", label: "Stripe & Adyen expert" },
  async handler(input, { db }) {
    if (input.expected_updated_at !== undefined) {
      const [current] = await db.query<{ updated_at: Date }>(
        "SELECT updated_at FROM public.busybro_agents WHERE id = $1 FOR UPDATE",
        [input.agent_id],
      );
      if (current) assertUnchanged("The agent", current.updated_at, input.expected_updated_at);
    }
    // A version that always moves forward, even for two updates within one millisecond.
    const rows = await db.query(
      `UPDATE public.busybro_agents SET slug = coalesce($2, slug), label = coalesce($3, label), instructions = coalesce($4, instructions),
         model = CASE WHEN $5 THEN $6 ELSE model END, updated_at = greatest(now(), updated_at + interval '1 millisecond')
       WHERE id = $1 RETURNING id`,
      [
        input.agent_id,
        input.slug ?? null,
        input.label ?? null,
        input.instructions ?? null,
        input.model !== undefined,
        input.model ?? null,
      ],
    );
    if (rows.length === 0)
      throw notFound(
        `Agent ${input.agent_id}`,
        "You can change your own agents (any with a fleet role); list_agents shows them.",
      );
    return loadAgent(db, input.agent_id);
  },
});

export const deleteAgent = defineOperation({
  name: "delete_agent",
  title: "Delete a BusyBro agent",
  description:
    "Deletes an agent and unlinks it from every service group. Fails while it is a group's primary with other agents still linked: set another primary first.",
  domain: "agents",
  input: z.object({ agent_id: uuidField("The agent to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), agent_id: z.string(), slug: z.string() }),
  capabilities: [{ section: "agents", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { agent_id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b" },
  async handler({ agent_id }, { db }) {
    const [row] = await db.query<{ id: string; slug: string }>(
      "DELETE FROM public.busybro_agents WHERE id = $1 RETURNING id, slug",
      [agent_id],
    );
    if (!row)
      throw notFound(
        `Agent ${agent_id}`,
        "You can delete your own agents (any with a fleet role); list_agents shows them.",
      );
    return { deleted: true as const, agent_id: row.id, slug: row.slug };
  },
});
