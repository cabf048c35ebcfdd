import "server-only";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type pg from "pg";
import type { ModelFor } from "@/lib/busybro/model";
import { toAppError } from "@/lib/errors/database";
import { findOperation, runOperation } from "@/lib/operations";
import { hitRateLimit, type RateLimitPolicy } from "@/lib/rate-limit";
import { answerInChat } from "./answer";
import { parseBreakpointButton } from "./breakpoint-buttons";
import type { TelegramDeployment } from "./deployment";
import { callerOfLink, linkOf, redeemCode, unlinkAccount } from "./links";

/** /start <code> attempts per Telegram account: codes are 96 random bits and live 10 minutes. */
export const LINK_ATTEMPTS: RateLimitPolicy = { name: "telegram_link_redeem", limit: 10, periodSeconds: 600 };

export interface TelegramBotOptions {
  pool: pg.Pool;
  deployment: TelegramDeployment;
  botInfo: UserFromGetMe;
  modelFor: ModelFor | null;
  /** Per-person question limit; off in tests that ask many questions. */
  rateLimit?: boolean;
}

const linkLine = (deployment: TelegramDeployment) =>
  `This chat is not linked to Busymate: link your account at ${deployment.appUrl}/account`;

/**
 * The Busymate bot: /start <code> links, /unlink ends it, any other text from a linked person
 * is a BusyBro question asked as them, and held-breakpoint buttons resume as them. Private
 * chats only, so an answer built from one person's data is never posted where others read it.
 */
export function createTelegramBot({ pool, deployment, botInfo, modelFor, rateLimit = true }: TelegramBotOptions) {
  const bot = new Bot(deployment.token, { botInfo, client: { apiRoot: deployment.apiRoot } });

  // An error must not reach the webhook as a 500: Telegram would redeliver the update (and ask again).
  bot.use(async (_ctx, next) => {
    try {
      await next();
    } catch (error) {
      console.error("[telegram] update failed", error);
    }
  });
  const chats = bot.chatType("private");

  chats.command("start", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) {
      const link = await linkOf(pool, ctx.from.id);
      await ctx.reply(
        link
          ? "You are linked to Busymate. Ask me anything about your traffic, devices or services."
          : linkLine(deployment),
      );
      return;
    }
    const attempt = await hitRateLimit(pool, LINK_ATTEMPTS, String(ctx.from.id));
    if (!attempt.allowed) {
      await ctx.reply(`Too many link attempts; try again in ${attempt.retryAfterSeconds} s.`);
      return;
    }
    const linked = await redeemCode(pool, code, { id: ctx.from.id, chatId: ctx.chat.id, username: ctx.from.username });
    await ctx.reply(
      linked
        ? `Linked to Busymate (${linked.readWrite ? "read-write" : "read-only"}). Ask me anything; /unlink ends it.`
        : `That code is not valid or has expired. Get a new one at ${deployment.appUrl}/account`,
    );
  });

  chats.command("unlink", async (ctx) => {
    const unlinked = await unlinkAccount(pool, ctx.from.id);
    await ctx.reply(unlinked ? "Unlinked. This chat no longer acts for you in Busymate." : linkLine(deployment));
  });

  chats.on("message:text", async (ctx) => {
    const link = await linkOf(pool, ctx.from.id);
    if (!link) {
      await ctx.reply(linkLine(deployment));
      return;
    }
    await answerInChat(ctx, { pool, modelFor, link, rateLimit });
  });

  bot.on("callback_query:data", async (ctx) => {
    const button = parseBreakpointButton(ctx.callbackQuery.data);
    if (!button) {
      await ctx.answerCallbackQuery();
      return;
    }
    const link = await linkOf(pool, ctx.from.id);
    if (!link) {
      await ctx.answerCallbackQuery({ text: linkLine(deployment), show_alert: true });
      return;
    }
    await resumeFromButton(ctx, pool, link, button);
  });

  return bot;
}

async function resumeFromButton(
  ctx: Context,
  pool: pg.Pool,
  link: NonNullable<Awaited<ReturnType<typeof linkOf>>>,
  button: NonNullable<ReturnType<typeof parseBreakpointButton>>,
): Promise<void> {
  const operation = findOperation("resume_breakpoint");
  if (!operation) throw new Error("resume_breakpoint is not registered");
  try {
    await runOperation(pool, operation, { event_id: button.eventId, action: button.action }, callerOfLink(link));
  } catch (error) {
    const typed = toAppError(error, "resume_breakpoint from Telegram");
    // Telegram shows at most 200 characters in a callback answer.
    await ctx.answerCallbackQuery({
      text: `${typed.message} ${typed.remediation ?? ""}`.trim().slice(0, 200),
      show_alert: true,
    });
    return;
  }
  await ctx.answerCallbackQuery({ text: button.action === "continue" ? "Resumed." : "Aborted." });
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  await ctx.reply(button.action === "continue" ? "▶ Resumed: the request went on." : "✖ Aborted on the device.");
}
