import type { Metadata } from "next";
import { SettingsView } from "@/components/settings/settings-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { devicesOptions } from "@/lib/data/devices";
import { settingsOptions } from "@/lib/data/settings";
import { retentionOptions } from "@/lib/data/settings/retention";

export const metadata: Metadata = { title: "Settings" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SettingsPage({ searchParams }: PageProps<"/settings">) {
  const raw = (await searchParams).device;
  const device = typeof raw === "string" && UUID.test(raw) ? raw.toLowerCase() : null;
  const page = await requirePage("settings:view", "settings");
  if (!page.allowed) return page.denied;
  page.prefetch(settingsOptions(page.call, device));
  page.prefetch(retentionOptions(page.call));
  if (page.can("devices:view")) page.prefetch(devicesOptions(page.call));
  return page.render(
    <SettingsView
      canEdit={page.can("settings:edit")}
      canEditGlobal={page.can("settings:edit") && page.access.role?.scope === "fleet"}
      canListDevices={page.can("devices:view")}
      canListGroups={page.can("services:view")}
      canListCaptures={page.can("entries:view")}
      initialDevice={device}
    />,
  );
}
