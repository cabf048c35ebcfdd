import type { Metadata } from "next";
import { TagsView } from "@/components/tags/tags-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { tagsOptions } from "@/lib/data/tags";

export const metadata: Metadata = { title: "Tags" };

export default async function TagsPage() {
  const page = await requirePage("tags:view", "tags");
  if (!page.allowed) return page.denied;
  page.prefetch(tagsOptions(page.call));
  return page.render(<TagsView canEdit={page.can("tags:edit")} fleetScope={page.access.role?.scope === "fleet"} />);
}
