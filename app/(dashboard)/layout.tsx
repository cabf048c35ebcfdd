import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { BrowserProviders } from "@/lib/browser/providers";
import { accessOptions } from "@/lib/browser/query-options";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, publicConfig, serverSupabase } from "@/lib/browser/server-supabase";
import { SIGN_IN_PATH } from "@/lib/supabase/paths";

/** Every signed-in page: the session is checked here (proxy.ts only refreshes it), then the shell. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  // proxy.ts already sent signed-out people to sign-in (with the way back); this is the backstop.
  if (!session) redirect(SIGN_IN_PATH);
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
