import { z } from "zod";
import { isoRequired, timestamp } from "../fields";

/** The database's own rule (valid_domain_patterns in 0003), checked here first to name the bad item. */
const DOMAIN_PATTERN = /^(\*\.)?([a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?\.)*[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?$/;

export const domainPattern = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    DOMAIN_PATTERN,
    "must be a domain or wildcard pattern like api.example.com or *.example.com (no scheme, path or port)",
  );

export const domainList = z.array(domainPattern).max(500);

/** Lists show at most this many domains per group; the rest are counted. */
export const DOMAINS_SHOWN = 20;

export const linkedAgent = z.object({
  agent_id: z.string(),
  slug: z.string().nullable(),
  label: z.string().nullable(),
  is_primary: z.boolean(),
  position: z.number(),
});

export const serviceGroup = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner_user_id: z.string(),
  ssl_proxy_domains: z.array(z.string()),
  domain_count: z.number(),
  domains_truncated: z
    .boolean()
    .describe("True when ssl_proxy_domains shows only the first domains; expand_service_groups gives all"),
  agents: z.array(linkedAgent),
  updated_at: timestamp.describe("Its version: pass it as expected_updated_at to update_service_group"),
});

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  owner_user_id: string;
  ssl_proxy_domains: string[];
  agents: { agent_id: string; slug: string | null; label: string | null; is_primary: boolean; position: number }[];
  updated_at: Date;
}

export const GROUP_COLUMNS = `g.id, g.name, g.description, g.owner_user_id, g.ssl_proxy_domains, g.updated_at,
  coalesce((SELECT jsonb_agg(jsonb_build_object('agent_id', a.agent_id, 'slug', b.slug, 'label', b.label, 'is_primary', a.is_primary, 'position', a.position)
                             ORDER BY a.is_primary DESC, a.position, b.slug)
            FROM public.service_group_agents a LEFT JOIN public.busybro_agents b ON b.id = a.agent_id
            WHERE a.group_id = g.id), '[]'::jsonb) AS agents`;

export function toServiceGroup(row: GroupRow, domainsShown = DOMAINS_SHOWN): z.input<typeof serviceGroup> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    owner_user_id: row.owner_user_id,
    ssl_proxy_domains: row.ssl_proxy_domains.slice(0, domainsShown),
    domain_count: row.ssl_proxy_domains.length,
    domains_truncated: row.ssl_proxy_domains.length > domainsShown,
    agents: row.agents,
    updated_at: isoRequired(row.updated_at),
  };
}
