import type { InlineKeyboardMarkup } from "grammy/types";

/** Callback data of a held-breakpoint notice's buttons: `bp:<action>:<event uuid>` (Telegram allows 64 bytes). */
const PATTERN = /^bp:(continue|abort):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export type ButtonAction = "continue" | "abort";

export function breakpointButtons(eventId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: "▶ Resume", callback_data: `bp:continue:${eventId}` },
        { text: "✖ Abort", callback_data: `bp:abort:${eventId}` },
      ],
    ],
  };
}

export function parseBreakpointButton(data: string): { action: ButtonAction; eventId: string } | null {
  const match = PATTERN.exec(data);
  return match ? { action: match[1] as ButtonAction, eventId: match[2] } : null;
}
