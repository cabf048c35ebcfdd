import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "./query-client";

/**
 * Server components prefetch the first screen into a per-request QueryClient and hand it to
 * the browser dehydrated (midday's HydrateClient pattern). Prefetches are not awaited one by
 * one: pending queries stream, so the page is not held by its slowest read.
 */
export const getServerQueryClient: () => QueryClient = cache(makeQueryClient);

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getServerQueryClient())}>{children}</HydrationBoundary>;
}
