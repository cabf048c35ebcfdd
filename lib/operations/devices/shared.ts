import { z } from "zod";
import { iso, isoRequired } from "../fields";

/** A device as lists show it: identity plus its live connection state. */
export const deviceSummary = z.object({
  uuid: z.string(),
  name: z.string(),
  kind: z.string(),
  os: z.string().nullable(),
  owner_user_id: z.string(),
  online: z.boolean().describe("A heartbeat within the last 90 s"),
  last_heartbeat_at: z.string().nullable(),
  source: z.string().nullable().describe("How it captures: vpn, pac, cdp, proxy or cli"),
  vpn_state: z.string().nullable(),
  country: z.string().nullable(),
  ip: z.string().nullable().describe("Its address at the last heartbeat"),
  created_at: z.string(),
});

export interface DeviceRow {
  uuid: string;
  name: string;
  kind: string;
  os: string | null;
  owner_user_id: string;
  online: boolean;
  last_heartbeat_at: Date | null;
  source: string | null;
  vpn_state: string | null;
  country: string | null;
  ip: string | null;
  created_at: Date;
}

export const DEVICE_COLUMNS = `d.uuid, d.name, d.kind, d.os, d.owner_user_id, s.last_heartbeat_at, s.source, s.vpn_state, s.country, host(s.ip) AS ip, d.created_at,
  coalesce(s.last_heartbeat_at > now() - interval '90 seconds', false) AS online`;

export const DEVICE_FROM = "public.devices d LEFT JOIN public.device_status s ON s.device_uuid = d.uuid";

export function toDeviceSummary(row: DeviceRow): z.input<typeof deviceSummary> {
  return {
    uuid: row.uuid,
    name: row.name,
    kind: row.kind,
    os: row.os,
    owner_user_id: row.owner_user_id,
    online: row.online,
    last_heartbeat_at: iso(row.last_heartbeat_at),
    source: row.source,
    vpn_state: row.vpn_state,
    country: row.country,
    ip: row.ip,
    created_at: isoRequired(row.created_at),
  };
}

export const DEVICE_KINDS = ["ios", "android", "macos", "proxy", "cli", "browser", "other"] as const;

/** LIKE wildcards in a search term are literal. */
export const likeTerm = (term: string) => `%${term.replace(/[\\%_]/g, "\\$&")}%`;
