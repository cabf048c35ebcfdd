"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { useOperations } from "@/lib/browser/providers";
import {
  startTelegramLink,
  telegramKeys,
  telegramStatusOptions,
  unlinkTelegram,
  updateNotificationPreferences,
  type NotificationPreferences,
  type TelegramLinkCode,
  type TelegramStatus,
} from "@/lib/data/telegram";

const NOTICES: { key: keyof NotificationPreferences; label: string; hint: string }[] = [
  {
    key: "breakpoint_held",
    label: "A request is held at a breakpoint",
    hint: "on one of your devices, with Resume / Abort",
  },
  { key: "device_offline", label: "A device goes offline", hint: "one of yours stops sending heartbeats" },
  { key: "component_down", label: "A component of the service is down", hint: "needs a role with status:view" },
];

/**
 * Link Telegram to this account (a one-time code and its t.me deep link), see and end the link,
 * and choose the notifications it brings. Without a bot on the server it says what to set.
 */
export function TelegramSection({ initial }: { initial: TelegramStatus }) {
  const call = useOperations();
  const client = useQueryClient();
  const [readWrite, setReadWrite] = useState(false);
  const [code, setCode] = useState<TelegramLinkCode | null>(null);
  const status = useQuery({
    ...telegramStatusOptions(call, initial),
    // While a code is out, look for the link the bot makes.
    refetchInterval: (query) => (code && !query.state.data?.link ? 3_000 : false),
  });
  const data = status.data ?? initial;
  const start = useMutation({ mutationFn: () => startTelegramLink(call, readWrite), onSuccess: setCode });
  const unlink = useMutation({
    mutationFn: () => unlinkTelegram(call),
    onSuccess: () => {
      setCode(null);
      return client.invalidateQueries({ queryKey: telegramKeys.status() });
    },
  });
  // Before the status query has answered, the page's own first answer is the base.
  const setPreferences = (change: Partial<NotificationPreferences>) =>
    client.setQueryData(telegramKeys.status(), (old: TelegramStatus | undefined) => {
      const base = old ?? data;
      return { ...base, preferences: { ...base.preferences, ...change } };
    });
  // The box shows the choice in the same event (a controlled checkbox whose state changes only
  // later is put back by React first); the server's answer, or a refetch after a refusal, settles it.
  const [chosen, setChosen] = useState<Partial<NotificationPreferences>>({});
  const toggle = useMutation({
    mutationFn: (change: Partial<NotificationPreferences>) => updateNotificationPreferences(call, change),
    onSuccess: setPreferences,
    onError: () => client.invalidateQueries({ queryKey: telegramKeys.status() }),
    onSettled: (_data, _error, change) =>
      setChosen((current) => {
        const next = { ...current };
        for (const key of Object.keys(change) as (keyof NotificationPreferences)[]) delete next[key];
        return next;
      }),
  });
  const error = start.error ?? unlink.error ?? toggle.error;

  return (
    <section className="space-y-3" aria-labelledby="telegram-heading" data-testid="telegram-section">
      <h2 id="telegram-heading" className="text-lg font-semibold">
        Telegram
      </h2>
      {!data.configured ? (
        <div role="status" className="space-y-1 text-sm" data-testid="telegram-not-configured">
          <p className="font-medium">Telegram is not configured on this server.</p>
          <p className="text-zinc-600 dark:text-zinc-400">{data.remediation}</p>
        </div>
      ) : data.link ? (
        <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="telegram-linked">
          <span>
            Linked{data.link.telegram_username ? ` to @${data.link.telegram_username}` : ""} (
            {data.link.read_write ? "read-write" : "read-only"}) since{" "}
            {data.link.created_at.slice(0, 16).replace("T", " ")} UTC. Ask BusyBro from the chat; /unlink there ends it
            too.
          </span>
          <Button size="sm" variant="danger" onClick={() => unlink.mutate()} disabled={unlink.isPending}>
            Unlink
          </Button>
        </div>
      ) : (
        <div className="space-y-2 text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">
            Ask BusyBro from Telegram and get told when something needs you. The chat acts as you, with your role.
          </p>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={readWrite} onChange={(event) => setReadWrite(event.target.checked)} />
            Let the chat make changes (read-write; otherwise read-only)
          </label>
          <Button size="sm" variant="primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {code ? "New code" : "Link Telegram"}
          </Button>
          {code && (
            <div
              className="space-y-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
              data-testid="telegram-code"
            >
              <p>
                Open{" "}
                <a className={buttonClass("secondary", "sm")} href={code.deep_link} target="_blank" rel="noreferrer">
                  t.me/{code.bot_username}
                </a>{" "}
                on the phone with Telegram and press Start, or send the bot:
              </p>
              <p className="flex items-center gap-2">
                <code className="rounded bg-zinc-100 px-2 py-1 dark:bg-zinc-800">/start {code.code}</code>
                <CopyButton text={`/start ${code.code}`} />
              </p>
              <p className="text-xs text-zinc-500">
                Works once, until {code.expires_at.slice(11, 16)} UTC ({code.read_write ? "read-write" : "read-only"}).
              </p>
            </div>
          )}
        </div>
      )}
      {data.configured && (
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Notify me in Telegram when</legend>
          {NOTICES.map((notice) => (
            <label key={notice.key} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={chosen[notice.key] ?? data.preferences[notice.key]}
                onChange={(event) => {
                  const change = { [notice.key]: event.target.checked };
                  setChosen((current) => ({ ...current, ...change }));
                  toggle.mutate(change);
                }}
              />
              {notice.label} <span className="text-xs text-zinc-500">({notice.hint})</span>
            </label>
          ))}
          {!data.link && <p className="text-xs text-zinc-500">Sent once Telegram is linked.</p>}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </section>
  );
}
