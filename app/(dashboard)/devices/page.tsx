import type { Metadata } from "next";
import { DevicesView } from "@/components/devices/devices-view";
import { devicesOptions } from "@/lib/data/devices";
import { requirePage } from "@/lib/dashboard/page-guard";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({ searchParams }: PageProps<"/devices">) {
  const adding = (await searchParams).add === "1";
  const page = await requirePage("devices:view", "devices");
  if (!page.allowed) return page.denied;
  page.prefetch(devicesOptions(page.call));
  return page.render(
    <DevicesView
      userId={page.session.userId}
      canEdit={page.can("devices:edit")}
      fleetScope={page.access.role?.scope === "fleet"}
      canListPeople={page.can("users:view")}
      adding={adding}
    />,
  );
}
