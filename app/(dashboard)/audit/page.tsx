import type { Metadata } from "next";
import { AuditView } from "@/components/admin/audit-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { auditOptions, usersOptions, type AuditFilters } from "@/lib/data/admin";

export const metadata: Metadata = { title: "Audit log" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TABLE = /^[a-z_]{1,63}$/;
const validTime = (value: unknown) =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;

/** Filters from the URL; an invalid one is dropped, so a shared link still opens. */
function readFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (key: string) => (typeof params[key] === "string" ? params[key] : undefined);
  const actor = one("actor");
  const table = one("table");
  return {
    ...(actor && UUID.test(actor) ? { actor } : {}),
    ...(table && TABLE.test(table) ? { table } : {}),
    ...(validTime(one("since")) ? { since: validTime(one("since")) } : {}),
    ...(validTime(one("until")) ? { until: validTime(one("until")) } : {}),
  };
}

export default async function AuditPage({ searchParams }: PageProps<"/audit">) {
  const filters = readFilters(await searchParams);
  // get_audit_log needs both: who changed roles is as sensitive as the roles.
  const page = await requirePage("users:view", "the audit log");
  if (!page.allowed) return page.denied;
  if (!page.can("roles:view")) {
    const roles = await requirePage("roles:view", "the audit log");
    if (!roles.allowed) return roles.denied;
  }
  page.prefetchInfinite(auditOptions(page.call, filters));
  page.prefetch(usersOptions(page.call));
  return page.render(<AuditView filters={filters} />);
}
