import type { Metadata } from "next";
import { BreakpointsView } from "@/components/breakpoints/breakpoints-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { heldOptions, historyOptions } from "@/lib/data/breakpoints";
import { devicesOptions } from "@/lib/data/devices";

export const metadata: Metadata = { title: "Breakpoints" };

export default async function BreakpointsPage() {
  const page = await requirePage("breakpoints:view", "breakpoints");
  if (!page.allowed) return page.denied;
  page.prefetch(heldOptions(page.call));
  page.prefetchInfinite(historyOptions(page.call));
  if (page.can("devices:view")) page.prefetch(devicesOptions(page.call));
  return page.render(
    <BreakpointsView
      canEdit={page.can("breakpoints:edit")}
      canListDevices={page.can("devices:view")}
      canEditSettings={page.can("settings:view")}
    />,
  );
}
