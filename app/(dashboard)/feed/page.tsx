import type { Metadata } from "next";
import { FeedView } from "@/components/feed/feed-view";
import { devicesOptions } from "@/lib/data/devices";
import { entryOptions, feedCountOptions, feedListOptions, hostOptions } from "@/lib/data/entries";
import { tagsOptions } from "@/lib/data/tags";
import { workspaceOptions, workspacesOptions } from "@/lib/data/workspaces";
import { requirePage } from "@/lib/dashboard/page-guard";
import { entryFromSearchParams, filtersFromSearchParams } from "@/lib/feed/filters";

export const metadata: Metadata = { title: "Feed" };

/**
 * The first screen is prefetched here with the URL's filters (the newest page, the total, the
 * lookups, an entry opened by link) and streams to the browser; nothing is awaited but access.
 */
export default async function FeedPage({ searchParams }: PageProps<"/feed">) {
  const params = await searchParams;
  const filters = filtersFromSearchParams(params);
  const entryId = entryFromSearchParams(params);
  const page = await requirePage("entries:view", "captures");
  if (!page.allowed) return page.denied;
  page.prefetchInfinite(feedListOptions(page.call, filters));
  page.prefetch(feedCountOptions(page.call, filters));
  page.prefetch(hostOptions(page.call, filters.workspace));
  if (page.can("workspaces:view")) {
    page.prefetch(workspacesOptions(page.call));
    // The tab strip renders on the server too, so a reload on a tab shows it selected at once.
    if (filters.workspace) page.prefetch(workspaceOptions(page.call, filters.workspace));
  }
  if (page.can("devices:view")) page.prefetch(devicesOptions(page.call));
  if (page.can("tags:view")) page.prefetch(tagsOptions(page.call));
  if (entryId !== null) page.prefetch(entryOptions(page.call, entryId));
  return page.render(
    <FeedView
      canTag={page.can("tags:edit")}
      canImport={page.can("entries:edit")}
      canEditWorkspaces={page.can("workspaces:edit")}
      lookups={{
        workspaces: page.can("workspaces:view"),
        devices: page.can("devices:view"),
        tags: page.can("tags:view"),
      }}
      viewer={{ userId: page.access.user.id, fleet: page.access.role?.scope === "fleet" }}
    />,
  );
}
