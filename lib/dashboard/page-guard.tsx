import "server-only";
import type { FetchInfiniteQueryOptions, FetchQueryOptions, QueryKey } from "@tanstack/react-query";
import { redirect } from "next/navigation";
import { cache, type ReactNode } from "react";
import { StateMessage } from "@/components/ui/state-message";
import { AppError } from "@/lib/errors";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, type DashboardSession } from "@/lib/browser/server-supabase";
import { accessOptions, can, type Access } from "@/lib/data/access";
import { callerFromSession } from "@/lib/operations/caller";
import type { CallOperation } from "@/lib/operations/registry-types";
import { DASHBOARD_RESULT_BUDGET_CHARS } from "@/lib/operations/run";
import { operationsAs } from "@/lib/operations/server-client";
import { SIGN_IN_PATH } from "@/lib/supabase/paths";

export interface DashboardRequest {
  session: DashboardSession;
  access: Access;
  /** Operations as the signed-in person, in this process: what the browser calls over HTTP. */
  call: CallOperation;
}

/**
 * Who is asking and what their role allows, once per request (the layout and the page share
 * it). The session is checked here: proxy.ts only refreshes it and sends signed-out people to
 * sign-in with the way back; this is the backstop.
 */
export const dashboardRequest = cache(async (): Promise<DashboardRequest> => {
  const session = await currentSession();
  if (!session) redirect(SIGN_IN_PATH);
  const call = operationsAs(callerFromSession(session.userId), { resultBudget: DASHBOARD_RESULT_BUDGET_CHARS });
  // Awaited: the navigation and every page's guard are drawn from it on the server. A session
  // whose person was deactivated is refused by the database (UNAUTHORIZED): back to sign-in.
  const access = await getServerQueryClient()
    .fetchQuery(accessOptions(call, session.userId))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "UNAUTHORIZED") return null;
      throw error;
    });
  if (!access) redirect(SIGN_IN_PATH);
  return { session, access, call };
});

export interface DashboardPage extends DashboardRequest {
  can(capability: string): boolean;
  /** Starts a query for the first screen; all of a page's queries run at once. */
  prefetch<T, K extends QueryKey>(options: FetchQueryOptions<T, Error, T, K>): void;
  prefetchInfinite<T, K extends QueryKey, P>(options: FetchInfiniteQueryOptions<T, Error, T, K, P>): void;
  /** The page's client view, once its prefetches have settled. */
  render(view: ReactNode): Promise<ReactNode>;
}

/**
 * Every dashboard page starts here: the session, the person's access, the capability the page
 * needs (a plain "ask an admin" state otherwise), then prefetch and hydration in one object.
 *
 *   const page = await requirePage("devices:view", "devices");
 *   if (!page.allowed) return page.denied;
 *   page.prefetch(devicesOptions(page.call));
 *   return page.render(<DevicesView … />);   // after the prefetches settle
 */
export async function requirePage(
  capability: string,
  section: string,
): Promise<({ allowed: true } & DashboardPage) | { allowed: false; denied: ReactNode }> {
  const request = await dashboardRequest();
  if (!can(request.access, capability)) {
    return {
      allowed: false,
      denied: (
        <StateMessage title={`Your role does not include ${section}`}>
          Ask an admin for a role with the {capability.split(":")[0]} capability; role changes apply at once.
        </StateMessage>
      ),
    };
  }
  const queryClient = getServerQueryClient();
  // The page waits for its queries (together, so for the slowest one): a query still pending
  // when the HTML is written can have resolved by the time the browser hydrates, and then the
  // server's "loading" and the client's rows differ (React #418) — every page had it.
  const pending: Promise<unknown>[] = [];
  return {
    allowed: true,
    ...request,
    can: (name) => can(request.access, name),
    prefetch: (options) => void pending.push(queryClient.prefetchQuery(options)),
    prefetchInfinite: (options) => void pending.push(queryClient.prefetchInfiniteQuery(options)),
    render: async (view) => {
      await Promise.all(pending);
      return <HydrateClient>{view}</HydrateClient>;
    },
  };
}
