import { defaultShouldDehydrateQuery, isServer, QueryClient } from "@tanstack/react-query";

/**
 * One QueryClient per request on the server (prefetch, then dehydrate into the page) and one
 * for the life of the tab in the browser. Queries stay fresh for a minute after hydration so
 * the first screen is not fetched twice; live data arrives over Realtime, not by refetching.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again (RLS, a bad filter); a network blip might.
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
      dehydrate: {
        // Pending queries stream to the browser too, so a slow count never holds the page.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}

function isClientError(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

let browserClient: QueryClient | undefined;

export function getBrowserQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
