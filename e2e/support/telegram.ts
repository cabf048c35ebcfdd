import { startFakeBotApi } from "@/lib/telegram/testing/fake-bot-api";
import type { RecordedCall } from "@/lib/telegram/testing/fake-bot-api";

/**
 * Telegram for the e2e stack: a fake Bot API on loopback (lib/telegram/testing) the app's bot
 * talks to. Specs run in other processes, so they read what the bot sent over `GET /calls`
 * and play Telegram by posting updates to the app's webhook with the secret.
 */
const TOKEN = "424242424:AAE-e2e-telegram-token_0123456789";
const SECRET = "e2e-telegram-webhook-secret_0123456789";

export async function startE2eTelegram() {
  const fake = await startFakeBotApi(TOKEN);
  const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot };
  process.env.BUSYMATE_E2E_TELEGRAM_API = fake.apiRoot;
  return { env, close: () => fake.close() };
}

export const telegramSecret = SECRET;

export async function botCalls(): Promise<RecordedCall[]> {
  const root = process.env.BUSYMATE_E2E_TELEGRAM_API;
  if (!root) throw new Error("BUSYMATE_E2E_TELEGRAM_API is not set: run through playwright.config.ts.");
  return (await fetch(`${root}/calls`)).json() as Promise<RecordedCall[]>;
}

let updateId = 1_000;

/** Posts one update to the app's webhook as Telegram does. */
export async function sendUpdate(appUrl: string, update: Record<string, unknown>): Promise<Response> {
  return fetch(`${appUrl}/api/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify({ update_id: updateId++, ...update }),
  });
}

export function textMessage(from: number, text: string) {
  const command = /^\/\w+/.exec(text);
  return {
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: "Phone" },
      from: { id: from, is_bot: false, first_name: "Phone", username: `phone${from}` },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

export function buttonPress(from: number, data: string) {
  return {
    callback_query: {
      id: `cb-${updateId}`,
      chat_instance: "e2e",
      from: { id: from, is_bot: false, first_name: "Phone" },
      message: { message_id: 1, date: 0, chat: { id: from, type: "private", first_name: "Phone" }, text: "held" },
      data,
    },
  };
}
