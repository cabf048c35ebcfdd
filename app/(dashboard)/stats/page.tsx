import type { Metadata } from "next";
import { StatsView } from "@/components/monitoring/stats-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { statsHistoryOptions, statsOptions } from "@/lib/data/monitoring";

export const metadata: Metadata = { title: "Stats" };

export default async function StatsPage() {
  const page = await requirePage("stats:view", "stats");
  if (!page.allowed) return page.denied;
  page.prefetch(statsOptions(page.call));
  page.prefetch(statsHistoryOptions(page.call, "1h", "status_class"));
  page.prefetch(statsHistoryOptions(page.call, "1h", "device"));
  return page.render(<StatsView />);
}
