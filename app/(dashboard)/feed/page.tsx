import type { Metadata } from "next";
import { FeedView } from "@/components/feed/feed-view";
import { StateMessage } from "@/components/ui/state-message";
import { can } from "@/lib/browser/queries/access";
import {
  accessOptions,
  devicesOptions,
  entryOptions,
  tagsOptions,
  workspacesOptions,
} from "@/lib/browser/query-options";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, serverSupabase } from "@/lib/browser/server-supabase";
import { entryFromSearchParams, filtersFromSearchParams } from "@/lib/feed/filters";
import { feedCountOptions, feedListOptions, hostOptions } from "@/lib/feed/query-options";

export const metadata: Metadata = { title: "Feed" };

/**
 * The first screen is prefetched here with the URL's filters (the newest page, the total, the
 * lookups, an entry opened by link) and streams to the browser; nothing is awaited but access.
 */
export default async function FeedPage({ searchParams }: PageProps<"/feed">) {
  const params = await searchParams;
  const filters = filtersFromSearchParams(params);
  const entryId = entryFromSearchParams(params);
  const session = await currentSession();
  const supabase = await serverSupabase();
  const queryClient = getServerQueryClient();
  const access = session ? await queryClient.fetchQuery(accessOptions(supabase, session.userId)) : undefined;
  if (!access || !can(access, "entries:view")) {
    return (
      <StateMessage title="Your role does not include captures">
        Ask an admin for a role with the entries capability.
      </StateMessage>
    );
  }
  void queryClient.prefetchInfiniteQuery(feedListOptions(supabase, filters));
  void queryClient.prefetchQuery(feedCountOptions(supabase, filters));
  void queryClient.prefetchQuery(workspacesOptions(supabase));
  void queryClient.prefetchQuery(devicesOptions(supabase));
  void queryClient.prefetchQuery(tagsOptions(supabase));
  void queryClient.prefetchQuery(hostOptions(supabase, filters.workspace));
  if (entryId !== null) void queryClient.prefetchQuery(entryOptions(supabase, entryId));
  return (
    <HydrateClient>
      <FeedView
        canTag={can(access, "tags:edit")}
        viewer={{ userId: access.userId, fleet: access.role?.scope === "fleet" }}
      />
    </HydrateClient>
  );
}
