import "server-only";
import { InputFile, type Context } from "grammy";
import type pg from "pg";
import { answer } from "@/lib/busybro/ask";
import { NO_MODEL, type ModelFor } from "@/lib/busybro/model";
import { withClaims } from "@/lib/db/with-claims";
import { AppError } from "@/lib/errors";
import { hitRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import { toTelegramMessages } from "./format";
import { callerOfLink, type TelegramLink } from "./links";

/** At most this many files of one repro are sent, each at most this many characters. */
const REPRO_FILES = 5;
const QUESTION_CHARS = 8_000;

/** What the person reads when an answer fails: ours as written, a provider's without its details. */
export function friendlyFailure(error: unknown): string {
  if (error instanceof AppError) return [error.message, error.remediation].filter(Boolean).join(" ");
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === "number") return `BusyBro's model server answered ${status}; try again in a moment.`;
  console.error("[telegram] answer failed", error);
  return "BusyBro could not finish this answer; try again.";
}

interface ReproArtifact {
  type: "repro";
  files: { name: string; content: string }[];
}

const isRepro = (data: Record<string, unknown>): data is Record<string, unknown> & ReproArtifact =>
  data.type === "repro" && Array.isArray(data.files);

/**
 * One chat message as a BusyBro question, run as the linked person (same tools, RLS and
 * capabilities as the dashboard; read-only unless the link is read-write). The answer comes
 * back as HTML messages under Telegram's limit, and a repro BusyBro built as documents.
 */
export async function answerInChat(
  ctx: Context,
  {
    pool,
    modelFor,
    link,
    rateLimit,
  }: { pool: pg.Pool; modelFor: ModelFor | null; link: TelegramLink; rateLimit: boolean },
): Promise<void> {
  const question = (ctx.message?.text ?? "").trim();
  if (!question) return;
  if (!modelFor) {
    await ctx.reply(friendlyFailure(NO_MODEL));
    return;
  }
  if (question.length > QUESTION_CHARS) {
    await ctx.reply(`That question is over ${QUESTION_CHARS} characters; ask a shorter one.`);
    return;
  }
  const caller = callerOfLink(link);
  const [{ allowed }] = await withClaims(pool, caller.claims, async (client) => {
    const { rows } = await client.query<{ allowed: boolean }>(
      "SELECT public.has_capability('busybro', 'view') AS allowed",
    );
    return rows;
  });
  if (!allowed) {
    await ctx.reply("Your role does not include BusyBro (busybro:view); ask an admin for it.");
    return;
  }
  if (rateLimit) {
    const limit = await hitRateLimit(pool, RATE_LIMITS.busybroAsk, link.userId);
    if (!limit.allowed) {
      await ctx.reply(`Too many questions; try again in ${limit.retryAfterSeconds} s.`);
      return;
    }
  }
  await ctx.replyWithChatAction("typing").catch(() => undefined);
  const repros: ReproArtifact[] = [];
  let text: string;
  try {
    text = await answer({
      pool,
      caller,
      modelFor,
      request: { question, history: [] },
      emit: (event) => {
        if (event.event === "artifact" && isRepro(event.data)) repros.push(event.data);
      },
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    await ctx.reply(friendlyFailure(error));
    return;
  }
  for (const html of toTelegramMessages(text)) {
    await ctx.reply(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  }
  for (const repro of repros) {
    for (const file of repro.files.slice(0, REPRO_FILES)) {
      await ctx.replyWithDocument(new InputFile(Buffer.from(file.content, "utf8"), file.name), {
        caption: `Repro: ${file.name}`,
      });
    }
  }
}
