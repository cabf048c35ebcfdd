import type { Metadata } from "next";
import { WorkspacesView } from "@/components/workspaces/workspaces-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { devicesOptions } from "@/lib/data/devices";
import { workspaceOptions, workspaceSummariesOptions } from "@/lib/data/workspaces";

export const metadata: Metadata = { title: "Workspaces" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WorkspacesPage({ searchParams }: PageProps<"/workspaces">) {
  const raw = (await searchParams).workspace;
  const workspace = typeof raw === "string" && UUID.test(raw) ? raw.toLowerCase() : null;
  const page = await requirePage("workspaces:view", "workspaces");
  if (!page.allowed) return page.denied;
  page.prefetch(workspaceSummariesOptions(page.call));
  if (workspace) page.prefetch(workspaceOptions(page.call, workspace));
  if (page.can("devices:view")) page.prefetch(devicesOptions(page.call));
  return page.render(
    <WorkspacesView
      userId={page.session.userId}
      canEdit={page.can("workspaces:edit")}
      fleetScope={page.access.role?.scope === "fleet"}
      canListDevices={page.can("devices:view")}
      initialWorkspace={workspace}
    />,
  );
}
