import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DevicePage } from "@/components/devices/device-page";
import { StateMessage } from "@/components/ui/state-message";
import { can } from "@/lib/browser/queries/access";
import { accessOptions, deviceSettingsOptions, devicesOptions } from "@/lib/browser/query-options";
import { getServerQueryClient, HydrateClient } from "@/lib/browser/server-prefetch";
import { currentSession, serverSupabase } from "@/lib/browser/server-supabase";

export const metadata: Metadata = { title: "Device" };

export default async function DeviceDetailPage({ params }: PageProps<"/devices/[uuid]">) {
  const { uuid } = await params;
  if (!z.uuid().safeParse(uuid).success) notFound();
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
  if (can(access, "settings:view")) void queryClient.prefetchQuery(deviceSettingsOptions(supabase, uuid));
  return (
    <HydrateClient>
      <DevicePage
        uuid={uuid.toLowerCase()}
        userId={session.userId}
        canEdit={can(access, "devices:edit")}
        canListPeople={can(access, "users:view")}
        canViewSettings={can(access, "settings:view")}
      />
    </HydrateClient>
  );
}
