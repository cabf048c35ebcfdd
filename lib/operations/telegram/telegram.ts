import { z } from "zod";
import { RateLimitedError } from "@/lib/rate-limit";
import { botInfoOf, deepLink, NO_BOT, telegramDeployment } from "@/lib/telegram/deployment";
import { iso, isoRequired, requireOneOf, timestamp } from "../fields";
import { defineOperation, type Db } from "../types";

/**
 * Linking Telegram to a Busymate identity and choosing what the bot tells you. The code and
 * link functions are in 0019_telegram.sql; the bot (lib/telegram) redeems codes and reads links.
 */

const preferences = z.object({
  breakpoint_held: z.boolean().describe("A request held at a breakpoint on one of your devices (with Resume / Abort)"),
  device_offline: z.boolean().describe("One of your devices stopped sending heartbeats"),
  component_down: z.boolean().describe("A component of the service is down (needs status:view)"),
});

const NO_PREFERENCES = { breakpoint_held: false, device_offline: false, component_down: false };

async function preferencesOf(db: Db) {
  const [row] = await db.query<z.infer<typeof preferences>>(
    "SELECT breakpoint_held, device_offline, component_down FROM public.notification_preferences WHERE user_id = auth.uid()",
  );
  return row ?? NO_PREFERENCES;
}

/** The bot's username for deep links, or null when the Bot API cannot be reached right now. */
async function botUsername(): Promise<string | null> {
  const deployment = telegramDeployment();
  if (!deployment) return null;
  return botInfoOf(deployment).then(
    (info) => info.username,
    () => null,
  );
}

export const getTelegramLink = defineOperation({
  name: "get_telegram_link",
  title: "Get my Telegram link",
  description:
    "Whether Telegram is configured on this server (and, if not, what to set), whether your Telegram account is linked " +
    "(its username, read-only or read-write, since when) and which notifications you opted in to. Link with start_telegram_link.",
  domain: "account",
  input: z.object({}).strict(),
  output: z.object({
    configured: z.boolean(),
    remediation: z.string().nullable().describe("What to configure when Telegram is off"),
    bot_username: z.string().nullable(),
    link: z
      .object({ telegram_username: z.string().nullable(), read_write: z.boolean(), created_at: timestamp })
      .nullable(),
    preferences,
  }),
  capabilities: [],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    const configured = telegramDeployment() !== null;
    const [link] = await db.query<{ telegram_username: string | null; read_write: boolean; created_at: Date }>(
      "SELECT telegram_username, read_write, created_at FROM public.telegram_links WHERE user_id = auth.uid()",
    );
    return {
      configured,
      remediation: configured ? null : (NO_BOT.remediation ?? null),
      bot_username: await botUsername(),
      link: link ? { ...link, created_at: isoRequired(link.created_at) } : null,
      preferences: await preferencesOf(db),
    };
  },
});

export const startTelegramLink = defineOperation({
  name: "start_telegram_link",
  title: "Link Telegram",
  description:
    "Starts linking your Telegram account: returns a one-time code (10 minutes, single use; a new one replaces the last) and the " +
    "deep link https://t.me/<bot>?start=<code> to open on your phone. read_write lets BusyBro in the chat (and notification " +
    "buttons such as Resume) make changes; otherwise the chat is read-only. Rate limited.",
  domain: "account",
  input: z
    .object({ read_write: z.boolean().default(false).describe("Let the chat make changes as you (default read-only)") })
    .strict(),
  output: z.object({
    code: z.string().describe("Send /start <code> to the bot if the link does not open"),
    deep_link: z.string(),
    bot_username: z.string(),
    read_write: z.boolean(),
    expires_at: timestamp,
  }),
  capabilities: [],
  readOnly: false,
  // A new code makes the previous one stop working.
  destructive: true,
  idempotent: false,
  example: { read_write: false },
  async handler(input, { db }) {
    const deployment = telegramDeployment();
    if (!deployment) throw NO_BOT;
    const { username } = await botInfoOf(deployment);
    const [row] = await db.query<{ code: string | null; expires_at: Date | null; retry_after_s: number }>(
      "SELECT code, expires_at, retry_after_s FROM public.create_telegram_link_code($1)",
      [input.read_write],
    );
    if (!row.code || !row.expires_at) throw new RateLimitedError(Math.max(1, Math.ceil(row.retry_after_s)));
    return {
      code: row.code,
      deep_link: deepLink(username, row.code),
      bot_username: username,
      read_write: input.read_write,
      expires_at: isoRequired(row.expires_at),
    };
  },
});

export const unlinkTelegram = defineOperation({
  name: "unlink_telegram",
  title: "Unlink Telegram",
  description:
    "Removes the link between your Telegram account and Busymate: the bot stops answering as you and sends you no more " +
    "notifications (your preferences are kept for a later link).",
  domain: "account",
  input: z.object({}).strict(),
  output: z.object({ unlinked: z.boolean().describe("false when nothing was linked") }),
  capabilities: [],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    const rows = await db.query("DELETE FROM public.telegram_links WHERE user_id = auth.uid() RETURNING user_id");
    return { unlinked: rows.length > 0 };
  },
});

export const updateNotificationPreferences = defineOperation({
  name: "update_notification_preferences",
  title: "Choose Telegram notifications",
  description:
    "Turns your Telegram notifications on or off (each is off until you opt in): breakpoint_held, device_offline, " +
    "component_down. Fields you leave out keep their value. They are sent only while Telegram is linked and only while your " +
    "role still allows seeing what they are about.",
  domain: "account",
  input: preferences
    .partial()
    .strict()
    .superRefine(requireOneOf(["breakpoint_held", "device_offline", "component_down"])),
  output: preferences,
  capabilities: [],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { breakpoint_held: true },
  async handler(input, { db }) {
    const [row] = await db.query<z.infer<typeof preferences>>(
      `INSERT INTO public.notification_preferences AS p (user_id, breakpoint_held, device_offline, component_down)
       VALUES (auth.uid(), coalesce($1, false), coalesce($2, false), coalesce($3, false))
       ON CONFLICT (user_id) DO UPDATE SET
         breakpoint_held = coalesce($1, p.breakpoint_held), device_offline = coalesce($2, p.device_offline),
         component_down = coalesce($3, p.component_down), updated_at = now()
       RETURNING breakpoint_held, device_offline, component_down`,
      [input.breakpoint_held ?? null, input.device_offline ?? null, input.component_down ?? null],
    );
    return row;
  },
});

export const listTelegramLinks = defineOperation({
  name: "list_telegram_links",
  title: "List Telegram links",
  description:
    "Who has linked a Telegram account (person id — list_users has their e-mail —, Telegram username, read-only or " +
    "read-write, since when), newest first, at most 500. Needs users:view.",
  domain: "admin",
  input: z.object({}).strict(),
  output: z.object({
    items: z.array(
      z.object({
        user_id: z.string(),
        telegram_username: z.string().nullable(),
        read_write: z.boolean(),
        created_at: timestamp,
      }),
    ),
  }),
  capabilities: [{ section: "users", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    const rows = await db.query<{
      user_id: string;
      telegram_username: string | null;
      read_write: boolean;
      created_at: Date;
    }>(
      `SELECT user_id, telegram_username, read_write, created_at FROM public.telegram_links
       ORDER BY created_at DESC LIMIT 500`,
    );
    return { items: rows.map((row) => ({ ...row, created_at: iso(row.created_at) ?? "" })) };
  },
});
