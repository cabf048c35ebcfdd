import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";

export type TelegramStatus = OperationOutput<"get_telegram_link">;
export type TelegramLinkCode = OperationOutput<"start_telegram_link">;
export type NotificationPreferences = TelegramStatus["preferences"];

export const telegramKeys = { status: () => ["telegram", "status"] as const };

/** The account page's Telegram section: configured?, linked?, which notices. */
export const telegramStatusOptions = (call: CallOperation, initialData?: TelegramStatus) =>
  queryOptions({
    queryKey: telegramKeys.status(),
    queryFn: () => call("get_telegram_link", {}),
    initialData,
    staleTime: 30_000,
  });

export const startTelegramLink = (call: CallOperation, readWrite: boolean) =>
  call("start_telegram_link", { read_write: readWrite });

export const unlinkTelegram = (call: CallOperation) => call("unlink_telegram", {});

export const updateNotificationPreferences = (
  call: CallOperation,
  change: OperationInput<"update_notification_preferences">,
) => call("update_notification_preferences", change);
