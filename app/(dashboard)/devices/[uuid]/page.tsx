import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DevicePage } from "@/components/devices/device-page";
import { deviceSettingsOptions, devicesOptions } from "@/lib/data/devices";
import { requirePage } from "@/lib/dashboard/page-guard";

export const metadata: Metadata = { title: "Device" };

export default async function DeviceDetailPage({ params }: PageProps<"/devices/[uuid]">) {
  const { uuid } = await params;
  if (!z.uuid().safeParse(uuid).success) notFound();
  const page = await requirePage("devices:view", "devices");
  if (!page.allowed) return page.denied;
  page.prefetch(devicesOptions(page.call));
  if (page.can("settings:view")) page.prefetch(deviceSettingsOptions(page.call, uuid));
  return page.render(
    <DevicePage
      uuid={uuid.toLowerCase()}
      userId={page.session.userId}
      canEdit={page.can("devices:edit")}
      canListPeople={page.can("users:view")}
      canViewSettings={page.can("settings:view")}
    />,
  );
}
