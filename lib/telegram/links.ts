import "server-only";
import type pg from "pg";
import { callerFor } from "@/lib/operations/caller";
import type { Caller } from "@/lib/operations/types";

/**
 * The bot's side of a link: who a Telegram account acts as. These run on the owner pool through
 * the owner-only functions of 0019_telegram.sql, one Telegram id at a time; no request role can
 * list or read anyone else's link.
 */

export const TELEGRAM_CLIENT_ID = "busybro-telegram";

export interface TelegramLink {
  userId: string;
  chatId: number;
  readWrite: boolean;
}

export async function linkOf(pool: pg.Pool, telegramUserId: number): Promise<TelegramLink | null> {
  const { rows } = await pool.query<{ user_id: string; chat_id: string; read_write: boolean }>(
    "SELECT user_id, chat_id, read_write FROM busymate_private.telegram_link_of($1)",
    [telegramUserId],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, chatId: Number(row.chat_id), readWrite: row.read_write } : null;
}

/** Binds the Telegram account with a one-time code; null for a code unknown, used or expired (never which). */
export async function redeemCode(
  pool: pg.Pool,
  code: string,
  from: { id: number; chatId: number; username?: string },
): Promise<{ readWrite: boolean } | null> {
  const { rows } = await pool.query<{ user_id: string; read_write: boolean }>(
    "SELECT user_id, read_write FROM busymate_private.telegram_redeem_code($1, $2, $3, $4)",
    [code, from.id, from.chatId, from.username ?? null],
  );
  return rows[0] ? { readWrite: rows[0].read_write } : null;
}

export async function unlinkAccount(pool: pg.Pool, telegramUserId: number): Promise<boolean> {
  const { rows } = await pool.query<{ unlinked: boolean }>("SELECT busymate_private.telegram_unlink($1) AS unlinked", [
    telegramUserId,
  ]);
  return rows[0].unlinked;
}

/** The person behind a link, as every operation and BusyBro tool sees them: read-only unless chosen at link time. */
export const callerOfLink = (link: Pick<TelegramLink, "userId" | "readWrite">): Caller =>
  callerFor(link.userId, { write: link.readWrite, clientId: TELEGRAM_CLIENT_ID });
