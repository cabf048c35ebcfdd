import "server-only";
import type pg from "pg";
import { availableOperations } from "@/lib/operations";
import { runOperation } from "@/lib/operations/run";
import type { Caller } from "@/lib/operations/types";

export interface Specialist {
  slug: string;
  label: string;
  instructions: string;
  model: string | null;
}

/** A BusyBro agent by slug, read as the asker (agents:view decides), or null. */
export async function findAgent(pool: pg.Pool, caller: Caller, slug: string): Promise<Specialist | null> {
  const ops = await availableOperations(pool, caller);
  const list = ops.find((op) => op.name === "list_agents");
  const get = ops.find((op) => op.name === "get_agent");
  if (!list || !get) return null;
  const page = (await runOperation(pool, list, { limit: 100 }, caller)) as { items: { id: string; slug: string }[] };
  const hit = page.items.find((agent) => agent.slug === slug);
  if (!hit) return null;
  const agent = (await runOperation(pool, get, { agent_id: hit.id }, caller)) as Specialist;
  return { slug: agent.slug, label: agent.label, instructions: agent.instructions, model: agent.model };
}

/** `*.example.com` matches its subdomains, `example.com` itself (the service groups' wildcard rule). */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

const HOSTS = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}\b/gi;

/**
 * When a question (or the page it was asked from) names a host in a service group the asker
 * can see, that group's primary agent leads the answer.
 */
export async function leadAgent(pool: pg.Pool, caller: Caller, text: string): Promise<Specialist | null> {
  const hosts = [...new Set(text.match(HOSTS) ?? [])];
  if (hosts.length === 0) return null;
  const ops = await availableOperations(pool, caller);
  const groups = ops.find((op) => op.name === "list_service_groups");
  if (!groups) return null;
  const page = (await runOperation(pool, groups, { limit: 100 }, caller)) as {
    items: { ssl_proxy_domains: string[]; agents: { slug: string | null; is_primary: boolean }[] }[];
  };
  for (const group of page.items) {
    if (!hosts.some((host) => group.ssl_proxy_domains.some((pattern) => hostMatches(pattern, host)))) continue;
    const primary = group.agents.find((agent) => agent.is_primary);
    if (primary?.slug) return findAgent(pool, caller, primary.slug);
  }
  return null;
}
