import "server-only";
import { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type pg from "pg";
import { DEACTIVATED_SQLSTATE, withClaims } from "@/lib/db/with-claims";
import { hitRateLimit, type RateLimitPolicy } from "@/lib/rate-limit";
import type { Job } from "@/lib/workers/schedule";
import { breakpointButtons } from "./breakpoint-buttons";
import type { TelegramDeployment } from "./deployment";
import { escapeHtml } from "./format";
import { callerOfLink } from "./links";

/**
 * Telegram notifications, driven by a worker tick (every 5 s) rather than LISTEN/NOTIFY: a
 * NOTIFY sent while no app process listens is lost, every instance that listens would send its
 * own copy, and "a device went offline" is the absence of a row, which no trigger sees. The tick
 * takes the job's advisory lock (one sender across instances) and records each notice in
 * busymate_private.telegram_notices, so a restart neither loses nor repeats one.
 *
 * Before each send the capability is checked as the person (withClaims, has_capability and
 * their RLS view of the row), so someone whose role lost it is told nothing.
 */

/** Notices per person: a burst of held requests must not flood a phone. */
export const NOTIFY_LIMIT: RateLimitPolicy = { name: "telegram_notify", limit: 20, periodSeconds: 60 };

/** A device is offline after 90 s without a heartbeat (as the stats snapshot counts); older outages are not news. */
const OFFLINE_AFTER = "90 seconds";
const OFFLINE_NEWS = "1 hour";
/** A held request is worth a notice while someone could still act on it. */
const HELD_NEWS = "10 minutes";
const BATCH = 100;

type Kind = "breakpoint_held" | "device_offline" | "component_down";

interface Candidate {
  kind: Kind;
  subject: string;
  user_id: string;
  chat_id: string;
  read_write: boolean;
  title: string | null;
  detail: string | null;
  extra: string | null;
}

const CANDIDATES = `
  SELECT 'breakpoint_held' AS kind, b.id::text AS subject, l.user_id, l.chat_id, l.read_write, d.name AS title,
         concat_ws(' ', coalesce(b.held #>> '{request,method}', ''), coalesce(b.held #>> '{request,url}', ''),
                   CASE WHEN b.phase = 'response' THEN '→ ' || coalesce(b.held #>> '{response,status}', '?') END) AS detail,
         b.pattern AS extra
  FROM public.breakpoint_events b
  JOIN public.devices d ON d.uuid = b.device_uuid
  JOIN public.telegram_links l ON l.user_id = d.owner_user_id
  JOIN public.notification_preferences p ON p.user_id = l.user_id AND p.breakpoint_held
  WHERE b.resumed_at IS NULL AND b.held_at > now() - interval '${HELD_NEWS}'
    AND NOT EXISTS (SELECT 1 FROM busymate_private.telegram_notices n
                    WHERE n.user_id = l.user_id AND n.kind = 'breakpoint_held' AND n.subject = b.id::text)
  UNION ALL
  SELECT 'device_offline', d.uuid::text, l.user_id, l.chat_id, l.read_write, d.name,
         to_char(s.last_heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), NULL
  FROM public.device_status s
  JOIN public.devices d ON d.uuid = s.device_uuid
  JOIN public.telegram_links l ON l.user_id = d.owner_user_id
  JOIN public.notification_preferences p ON p.user_id = l.user_id AND p.device_offline
  WHERE s.last_heartbeat_at <= now() - interval '${OFFLINE_AFTER}' AND s.last_heartbeat_at > now() - interval '${OFFLINE_NEWS}'
    AND NOT EXISTS (SELECT 1 FROM busymate_private.telegram_notices n
                    WHERE n.user_id = l.user_id AND n.kind = 'device_offline' AND n.subject = d.uuid::text)
  UNION ALL
  SELECT 'component_down', c.value ->> 'key', l.user_id, l.chat_id, l.read_write, coalesce(c.value ->> 'label', c.value ->> 'key'),
         c.value #>> '{probe,error}', c.value #>> '{probe,httpStatus}'
  FROM public.service_status st
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(st.snapshot -> 'components') = 'array' THEN st.snapshot -> 'components' ELSE '[]' END) c
  JOIN public.telegram_links l ON true
  JOIN public.notification_preferences p ON p.user_id = l.user_id AND p.component_down
  WHERE c.value ->> 'key' IS NOT NULL AND (c.value #>> '{probe,up}') = 'false'
    AND NOT EXISTS (SELECT 1 FROM busymate_private.telegram_notices n
                    WHERE n.user_id = l.user_id AND n.kind = 'component_down' AND n.subject = c.value ->> 'key')
  LIMIT ${BATCH}`;

/** A device back online, a component back up or an old breakpoint: its notice is forgotten, so the next one is told. */
const FORGET = `
  DELETE FROM busymate_private.telegram_notices n
  WHERE (n.kind = 'device_offline' AND NOT EXISTS (
           SELECT 1 FROM public.device_status s
           WHERE s.device_uuid::text = n.subject AND s.last_heartbeat_at <= now() - interval '${OFFLINE_AFTER}'))
     OR (n.kind = 'component_down' AND NOT EXISTS (
           SELECT 1 FROM public.service_status st,
             jsonb_array_elements(CASE WHEN jsonb_typeof(st.snapshot -> 'components') = 'array' THEN st.snapshot -> 'components' ELSE '[]' END) c
           WHERE c.value ->> 'key' = n.subject AND (c.value #>> '{probe,up}') = 'false'))
     OR (n.kind = 'breakpoint_held' AND n.sent_at < now() - interval '1 day')`;

/** What the person's role lets them see of this notice, asked as them right now. */
const CHECKS: Record<Kind, string> = {
  breakpoint_held: `SELECT public.has_capability('breakpoints', 'view')
      AND EXISTS (SELECT 1 FROM public.breakpoint_events WHERE id = $1::uuid AND resumed_at IS NULL) AS allowed,
    public.has_capability('breakpoints', 'edit') AS may_act`,
  device_offline: `SELECT public.has_capability('devices', 'view')
      AND EXISTS (SELECT 1 FROM public.devices WHERE uuid = $1::uuid) AS allowed, false AS may_act`,
  component_down: `SELECT public.has_capability('status', 'view') AND $1::text IS NOT NULL AS allowed, false AS may_act`,
};

interface Message {
  html: string;
  buttons?: InlineKeyboardMarkup;
}

function messageFor(candidate: Candidate, mayAct: boolean): Message {
  const title = escapeHtml(candidate.title ?? "");
  switch (candidate.kind) {
    case "breakpoint_held": {
      const lines = [
        `⏸ <b>Held at a breakpoint</b> on ${title}`,
        `<code>${escapeHtml((candidate.detail ?? "").trim().slice(0, 500))}</code>`,
        `Rule: <code>${escapeHtml(candidate.extra ?? "")}</code>`,
      ];
      if (mayAct && candidate.read_write)
        return { html: lines.join("\n"), buttons: breakpointButtons(candidate.subject) };
      lines.push(
        mayAct
          ? "This chat is linked read-only: resume it in the dashboard, or link again choosing read-write."
          : "Your role may not resume it; ask someone who can.",
      );
      return { html: lines.join("\n") };
    }
    case "device_offline":
      return { html: `📴 <b>${title}</b> is offline: no heartbeat since ${escapeHtml(candidate.detail ?? "?")} UTC.` };
    case "component_down": {
      const why = candidate.detail ?? (candidate.extra ? `HTTP ${candidate.extra}` : "not reachable");
      return { html: `🔴 <b>${title}</b> is down: ${escapeHtml(why.slice(0, 300))}` };
    }
  }
}

export interface NotifyResult {
  sent: number;
  skipped: number;
}

/** One pass: forget cleared notices, then tell each opted-in, still-entitled, linked person what is new. */
export async function sendNotifications(client: pg.PoolClient, pool: pg.Pool, api: Api): Promise<NotifyResult> {
  await client.query(FORGET);
  const { rows } = await client.query<Candidate>(CANDIDATES);
  const result: NotifyResult = { sent: 0, skipped: 0 };
  for (const candidate of rows) {
    // A deactivated person is refused by the database's gate: they are told nothing, and the
    // others' notices still go out.
    const [check] = await withClaims(
      pool,
      callerOfLink({ userId: candidate.user_id, readWrite: candidate.read_write }).claims,
      async (as) =>
        (await as.query<{ allowed: boolean; may_act: boolean }>(CHECKS[candidate.kind], [candidate.subject])).rows,
    ).catch((error: { code?: string }) => {
      if (error.code === DEACTIVATED_SQLSTATE) return [];
      throw error;
    });
    if (!check?.allowed) {
      result.skipped++;
      continue;
    }
    // Over the limit: left for a later tick (the notice is not recorded).
    if (!(await hitRateLimit(pool, NOTIFY_LIMIT, candidate.user_id)).allowed) {
      result.skipped++;
      continue;
    }
    const message = messageFor(candidate, check.may_act);
    try {
      await api.sendMessage(Number(candidate.chat_id), message.html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(message.buttons ? { reply_markup: message.buttons } : {}),
      });
    } catch (error) {
      console.warn(`[telegram] notice to ${candidate.user_id} failed: ${(error as Error).message}`);
      result.skipped++;
      continue;
    }
    await client.query(
      "INSERT INTO busymate_private.telegram_notices (user_id, kind, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [candidate.user_id, candidate.kind, candidate.subject],
    );
    result.sent++;
  }
  return result;
}

/** The worker job (lib/workers): the owner connection reads candidates, each check runs as the person on `pool`. */
export function telegramNotifications(pool: pg.Pool, deployment: TelegramDeployment): Job {
  const api = new Api(deployment.token, { apiRoot: deployment.apiRoot });
  return {
    name: "telegram-notify",
    everyMs: 5_000,
    lockKey: 7_412_004,
    run: async (client) => {
      await sendNotifications(client, pool, api);
    },
  };
}
