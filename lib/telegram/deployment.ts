import "server-only";
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { serverConfig, type ServerConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

/** What the Telegram surface needs from the configuration; null when no bot token is set. */
export interface TelegramDeployment {
  token: string;
  /** Telegram echoes it in X-Telegram-Bot-Api-Secret-Token on every webhook call. */
  secret: string;
  apiRoot: string;
  /** The app's public origin, for "link your account at <app>/account". */
  appUrl: string;
}

export const WEBHOOK_PATH = "/api/telegram/webhook";

/** The structured 503 for every Telegram path when no bot is configured: it says what to set. */
export const NO_BOT = new AppError(
  "SERVICE_UNAVAILABLE",
  "Telegram is not configured on this server.",
  "Set TELEGRAM_BOT_TOKEN (the token @BotFather gives your bot) and TELEGRAM_WEBHOOK_SECRET (16–256 characters of " +
    "A-Z, a-z, 0-9, _ and -), restart Busymate, then register the webhook with the Bot API's setWebhook: " +
    `url <your app>${WEBHOOK_PATH}, secret_token the same secret.`,
);

const KEY = Symbol.for("busymate.telegramDeployment");
const holder = globalThis as typeof globalThis & { [KEY]?: TelegramDeployment | null };

type TelegramSettings = Pick<
  ServerConfig,
  "TELEGRAM_BOT_TOKEN" | "TELEGRAM_WEBHOOK_SECRET" | "TELEGRAM_API_ROOT" | "appUrl"
>;

export function deploymentFrom(config: TelegramSettings): TelegramDeployment | null {
  if (!config.TELEGRAM_BOT_TOKEN || !config.TELEGRAM_WEBHOOK_SECRET) return null;
  return {
    token: config.TELEGRAM_BOT_TOKEN,
    secret: config.TELEGRAM_WEBHOOK_SECRET,
    apiRoot: config.TELEGRAM_API_ROOT.replace(/\/$/, ""),
    appUrl: config.appUrl,
  };
}

/** The deployment from the validated configuration, unless one was set for this process. */
export function telegramDeployment(): TelegramDeployment | null {
  if (holder[KEY] === undefined) holder[KEY] = deploymentFrom(serverConfig());
  return holder[KEY];
}

/**
 * Replaces the configured deployment for this process (tests point it at a fake Bot API, or
 * turn the feature off); `undefined` goes back to reading the configuration.
 */
export function setTelegramDeployment(deployment: TelegramDeployment | null | undefined): void {
  holder[KEY] = deployment;
}

const botInfos = new Map<string, Promise<UserFromGetMe>>();

/**
 * The bot's own identity from getMe, asked once per token and API root: grammY needs it to
 * handle updates, deep links need its username. A failed getMe is not kept, so the next call asks again.
 */
export function botInfoOf(deployment: TelegramDeployment): Promise<UserFromGetMe> {
  const key = `${deployment.apiRoot}|${deployment.token}`;
  let info = botInfos.get(key);
  if (!info) {
    info = new Api(deployment.token, { apiRoot: deployment.apiRoot }).getMe().catch((error: unknown) => {
      botInfos.delete(key);
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        `Telegram's Bot API did not answer getMe (${(error as Error).message}).`,
        "Check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT, and that this server can reach the Bot API.",
      );
    });
    botInfos.set(key, info);
  }
  return info;
}

export function deepLink(username: string, code: string): string {
  return `https://t.me/${username}?start=${encodeURIComponent(code)}`;
}
