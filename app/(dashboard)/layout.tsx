import type { ReactNode } from "react";
import { AccessLive } from "@/components/shell/access-live";
import { AppShell } from "@/components/shell/app-shell";
import { BrowserProviders } from "@/lib/browser/providers";
import { HydrateClient } from "@/lib/browser/server-prefetch";
import { publicConfig } from "@/lib/browser/server-supabase";
import { configuredModel, NO_MODEL } from "@/lib/busybro/model";
import { serverConfig } from "@/lib/config";
import { dashboardRequest } from "@/lib/dashboard/page-guard";

/** Every signed-in page: the session and access (lib/dashboard), then the shell. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { session, access } = await dashboardRequest();
  const busybro = configuredModel(serverConfig())
    ? null
    : { message: NO_MODEL.message, remediation: NO_MODEL.remediation };
  return (
    <BrowserProviders config={publicConfig()}>
      <AccessLive userId={session.userId} roleId={access.role?.id ?? null} />
      <HydrateClient>
        <AppShell session={session} access={access} busybro={busybro}>
          {children}
        </AppShell>
      </HydrateClient>
    </BrowserProviders>
  );
}
