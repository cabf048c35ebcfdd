import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Server-side caps: a question and the page context stay short, history a handful of turns. */
export const LIMITS = { question: 8_000, context: 500, priorAnswer: 16_000, turns: 20, turnText: 8_000 };

export interface Turn {
  role: "user" | "assistant";
  text: string;
}

export interface AskRequest {
  question: string;
  history: Turn[];
  context?: string;
  priorAnswer?: string;
}

const turn = z.object({ role: z.enum(["user", "assistant"]), text: z.string().min(1) });

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/**
 * The body as seed 003 defines it: `question` must be a string (else 400 BAD_REQUEST);
 * malformed `history` entries are dropped (degrading to single-turn, never an error);
 * `context` and `priorAnswer` are capped, and ignored when not strings.
 */
export function parseAskRequest(body: unknown): AskRequest {
  const record = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const question = typeof record.question === "string" ? record.question.trim() : "";
  if (!question) {
    throw new AppError(
      "BAD_REQUEST",
      typeof record.question === "string" ? "question is empty." : "question is missing or not a string.",
      'Send a JSON body like {"question": "how many devices are online right now?"}.',
      { field: "question" },
    );
  }
  if (question.length > LIMITS.question)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `question is over ${LIMITS.question} characters.`,
      "Ask a shorter question.",
      {
        field: "question",
      },
    );
  const history = (Array.isArray(record.history) ? record.history : [])
    .flatMap((entry) => {
      const parsed = turn.safeParse(entry);
      return parsed.success ? [{ role: parsed.data.role, text: clip(parsed.data.text, LIMITS.turnText) }] : [];
    })
    .slice(-LIMITS.turns);
  return {
    question,
    history,
    context:
      typeof record.context === "string" && record.context.trim()
        ? clip(record.context.trim(), LIMITS.context)
        : undefined,
    priorAnswer:
      typeof record.priorAnswer === "string" && record.priorAnswer.trim()
        ? clip(record.priorAnswer, LIMITS.priorAnswer)
        : undefined,
  };
}
