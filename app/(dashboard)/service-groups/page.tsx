import type { Metadata } from "next";
import { ServiceGroupsView } from "@/components/service-groups/service-groups-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { agentsOptions } from "@/lib/data/agents";
import { groupsOptions } from "@/lib/data/service-groups";

export const metadata: Metadata = { title: "Service groups" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ServiceGroupsPage({ searchParams }: PageProps<"/service-groups">) {
  const raw = (await searchParams).group;
  const group = typeof raw === "string" && UUID.test(raw) ? raw.toLowerCase() : null;
  const page = await requirePage("services:view", "service groups");
  if (!page.allowed) return page.denied;
  page.prefetch(groupsOptions(page.call));
  if (page.can("agents:view")) page.prefetch(agentsOptions(page.call));
  return page.render(
    <ServiceGroupsView
      userId={page.session.userId}
      canEdit={page.can("services:edit")}
      fleetScope={page.access.role?.scope === "fleet"}
      canListAgents={page.can("agents:view")}
      canSeeUsage={page.can("settings:view") && page.can("devices:view")}
      canListHosts={page.can("entries:view")}
      initialGroup={group}
    />,
  );
}
