import { z } from "zod";
import { notFound } from "@/lib/errors";
import { isoRequired, num, timestamp, uuidField } from "../fields";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";

/**
 * BusyBro's conversation history (0014): the chat panel keeps each question and answer so a
 * person finds them again after a reload. Private to their owner whatever the role.
 */

const turn = z.object({
  role: z.enum(["user", "assistant"]),
  text: z.string(),
  artifacts: z.array(z.record(z.string(), z.unknown())),
  created_at: timestamp,
});

const conversationSummary = z.object({
  id: z.string(),
  title: z.string(),
  turns: z.number(),
  updated_at: timestamp,
});

interface SummaryRow {
  id: string;
  title: string;
  turns: string;
  updated_at: Date;
}

export const listConversations = defineOperation({
  name: "list_conversations",
  title: "List BusyBro conversations",
  description:
    "Your own BusyBro conversations, most recent first, with how many turns each holds. Paginated by next_cursor.",
  domain: "busybro",
  input: z.object({ limit: limitField(20, 100), cursor: cursorField }).strict(),
  output: pageOf(conversationSummary),
  capabilities: [{ section: "busybro", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 20 },
  async handler(input, { db }) {
    const offset = offsetOf("list_conversations", input.cursor);
    const rows = await db.query<SummaryRow>(
      `SELECT c.id, c.title, c.updated_at, (SELECT count(*) FROM public.busybro_turns t WHERE t.conversation_id = c.id) AS turns
       FROM public.busybro_conversations c WHERE c.owner_user_id = auth.uid()
       ORDER BY c.updated_at DESC, c.id OFFSET $1 LIMIT $2`,
      [offset, input.limit + 1],
    );
    return toPage(
      "list_conversations",
      rows,
      input.limit,
      (row) => ({ id: row.id, title: row.title, turns: num(row.turns), updated_at: isoRequired(row.updated_at) }),
      () => ({ offset: offset + input.limit }),
    );
  },
});

export const getConversation = defineOperation({
  name: "get_conversation",
  title: "Open a BusyBro conversation",
  description: "One of your BusyBro conversations with every turn (question, answer, artifacts) in order.",
  domain: "busybro",
  input: z.object({ conversation_id: uuidField("The conversation (from list_conversations)") }).strict(),
  output: z.object({ id: z.string(), title: z.string(), turns: z.array(turn) }),
  capabilities: [{ section: "busybro", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { conversation_id: "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170" },
  async handler({ conversation_id }, { db }) {
    const [conversation] = await db.query<{ id: string; title: string }>(
      "SELECT id, title FROM public.busybro_conversations WHERE id = $1",
      [conversation_id],
    );
    if (!conversation) throw notFound(`Conversation ${conversation_id}`, "List yours with list_conversations.");
    const turns = await db.query<{
      role: "user" | "assistant";
      text: string;
      artifacts: Record<string, unknown>[];
      created_at: Date;
    }>("SELECT role, text, artifacts, created_at FROM public.busybro_turns WHERE conversation_id = $1 ORDER BY id", [
      conversation_id,
    ]);
    return { ...conversation, turns: turns.map((t) => ({ ...t, created_at: isoRequired(t.created_at) })) };
  },
});

export const saveConversationTurn = defineOperation({
  name: "save_conversation_turn",
  title: "Save a BusyBro turn",
  description:
    "Appends a question and BusyBro's answer (with its artifacts) to one of your conversations, or starts a new one titled by the question.",
  domain: "busybro",
  input: z
    .object({
      conversation_id: uuidField("The conversation to continue; omit to start one").optional(),
      question: z.string().trim().min(1).max(8000),
      answer: z.string().min(1).max(100000),
      artifacts: z.array(z.record(z.string(), z.unknown())).max(20).default([]),
    })
    .strict(),
  output: z.object({ conversation_id: z.string() }),
  capabilities: [{ section: "busybro", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: { question: "how many devices are online?", answer: "Two: …" },
  async handler(input, { db }) {
    let id = input.conversation_id;
    if (id) {
      const rows = await db.query(
        "UPDATE public.busybro_conversations SET updated_at = now() WHERE id = $1 RETURNING id",
        [id],
      );
      if (rows.length === 0) throw notFound(`Conversation ${id}`, "Omit conversation_id to start a new one.");
    } else {
      const title = input.question.length > 80 ? `${input.question.slice(0, 79)}…` : input.question;
      [{ id }] = await db.query<{ id: string }>(
        "INSERT INTO public.busybro_conversations (title) VALUES ($1) RETURNING id",
        [title],
      );
    }
    await db.query(
      `INSERT INTO public.busybro_turns (conversation_id, role, text, artifacts)
       VALUES ($1, 'user', $2, '[]'), ($1, 'assistant', $3, $4::jsonb)`,
      [id, input.question, input.answer, JSON.stringify(input.artifacts)],
    );
    return { conversation_id: id! };
  },
});

export const deleteConversation = defineOperation({
  name: "delete_conversation",
  title: "Delete a BusyBro conversation",
  description: "Deletes one of your BusyBro conversations and every turn in it.",
  domain: "busybro",
  input: z.object({ conversation_id: uuidField("The conversation to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), conversation_id: z.string() }),
  capabilities: [{ section: "busybro", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { conversation_id: "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170" },
  async handler({ conversation_id }, { db }) {
    const rows = await db.query("DELETE FROM public.busybro_conversations WHERE id = $1 RETURNING id", [
      conversation_id,
    ]);
    if (rows.length === 0) throw notFound(`Conversation ${conversation_id}`, "List yours with list_conversations.");
    return { deleted: true as const, conversation_id };
  },
});
