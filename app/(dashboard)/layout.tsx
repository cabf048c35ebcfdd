import type { Route } from "next";
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { BrowserProviders, SIGN_IN_PATH } from "@/lib/browser/providers";
import { accessOptions } from "@/lib/browser/query-options";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, publicConfig, serverSupabase } from "@/lib/browser/server-supabase";

/** Every signed-in page: the session is checked here (proxy.ts only refreshes it), then the shell. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  // The sign-in page belongs to the identity work; typed routes cannot see it before it exists.
  if (!session) redirect(SIGN_IN_PATH as Route);
  const supabase = await serverSupabase();
  // Awaited: the navigation is drawn from it on the server.
  const access = await getServerQueryClient().fetchQuery(accessOptions(supabase, session.userId));
  return (
    <BrowserProviders config={publicConfig()}>
      <HydrateClient>
        <AppShell session={session} access={access}>
          {children}
        </AppShell>
      </HydrateClient>
    </BrowserProviders>
  );
}
