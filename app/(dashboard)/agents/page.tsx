import type { Metadata } from "next";
import { AgentsView } from "@/components/agents/agents-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { agentOptions, agentsOptions } from "@/lib/data/agents";

export const metadata: Metadata = { title: "BusyBro agents" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentsPage({ searchParams }: PageProps<"/agents">) {
  const raw = (await searchParams).agent;
  const agent = typeof raw === "string" && UUID.test(raw) ? raw.toLowerCase() : null;
  const page = await requirePage("agents:view", "agents");
  if (!page.allowed) return page.denied;
  page.prefetch(agentsOptions(page.call));
  if (agent) page.prefetch(agentOptions(page.call, agent));
  return page.render(
    <AgentsView
      userId={page.session.userId}
      canEdit={page.can("agents:edit")}
      fleetScope={page.access.role?.scope === "fleet"}
      initialAgent={agent}
    />,
  );
}
