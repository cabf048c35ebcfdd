import "server-only";
import { timingSafeEqual } from "node:crypto";
import { webhookCallback } from "grammy";
import type pg from "pg";
import type { ModelFor } from "@/lib/busybro/model";
import { AppError } from "@/lib/errors";
import { methodNotAllowed, toErrorResponse } from "@/lib/errors/http";
import { createTelegramBot } from "./bot";
import { botInfoOf, NO_BOT, type TelegramDeployment } from "./deployment";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookOptions {
  pool: pg.Pool;
  /** Read on every request; null turns the feature off (503 saying what to set). */
  deployment: () => TelegramDeployment | null;
  modelFor: ModelFor | null;
  rateLimit?: boolean;
}

function secretMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const UNVERIFIED = new AppError(
  "UNAUTHORIZED",
  "This request does not carry the webhook's secret token.",
  "Only Telegram calls this URL: register it with setWebhook and secret_token set to TELEGRAM_WEBHOOK_SECRET.",
);

/**
 * POST /api/telegram/webhook as a fetch handler. The secret header is checked before anything
 * else (no body read, no database, no Bot API call); then grammY's std/http adapter runs the
 * update. An answer may take longer than Telegram waits, so after 50 s the webhook answers 200
 * and the bot finishes in the background rather than Telegram redelivering the question.
 */
export function createTelegramWebhook({ pool, deployment, modelFor, rateLimit = true }: WebhookOptions) {
  const handlers = new Map<string, Promise<(request: Request) => Promise<Response>>>();
  const handlerFor = (current: TelegramDeployment) => {
    const key = `${current.apiRoot}|${current.token}|${current.secret}|${current.appUrl}`;
    let handler = handlers.get(key);
    if (!handler) {
      handler = botInfoOf(current).then((botInfo) =>
        webhookCallback(createTelegramBot({ pool, deployment: current, botInfo, modelFor, rateLimit }), "std/http", {
          secretToken: current.secret,
          timeoutMilliseconds: 50_000,
          onTimeout: "return",
        }),
      );
      handler.catch(() => handlers.delete(key));
      handlers.set(key, handler);
    }
    return handler;
  };

  return async function webhook(request: Request): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const current = deployment();
    if (!current) return toErrorResponse(NO_BOT);
    if (!secretMatches(request.headers.get(SECRET_HEADER), current.secret)) return toErrorResponse(UNVERIFIED);
    try {
      return await (
        await handlerFor(current)
      )(request);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
