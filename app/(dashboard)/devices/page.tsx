import type { Metadata } from "next";
import { DevicesView } from "@/components/devices/devices-view";
import { StateMessage } from "@/components/ui/state-message";
import { can } from "@/lib/browser/queries/access";
import { accessOptions, devicesOptions } from "@/lib/browser/query-options";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, serverSupabase } from "@/lib/browser/server-supabase";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({ searchParams }: PageProps<"/devices">) {
  const adding = (await searchParams).add === "1";
  const session = await currentSession();
  const supabase = await serverSupabase();
  const queryClient = getServerQueryClient();
  const access = session ? await queryClient.fetchQuery(accessOptions(supabase, session.userId)) : undefined;
  if (!session || !can(access, "devices:view")) {
    return (
      <StateMessage title="Your role does not include devices">
        Ask an admin for a role with the devices capability.
      </StateMessage>
    );
  }
  void queryClient.prefetchQuery(devicesOptions(supabase));
  return (
    <HydrateClient>
      <DevicesView
        userId={session.userId}
        canEdit={can(access, "devices:edit")}
        fleetScope={access?.role?.scope === "fleet"}
        canListPeople={can(access, "users:view")}
        adding={adding}
      />
    </HydrateClient>
  );
}
