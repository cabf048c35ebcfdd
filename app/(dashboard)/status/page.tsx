import type { Metadata } from "next";
import { StatusView } from "@/components/monitoring/status-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { statusHistoryOptions, statusOptions } from "@/lib/data/monitoring";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  const page = await requirePage("status:view", "status");
  if (!page.allowed) return page.denied;
  page.prefetch(statusOptions(page.call));
  page.prefetch(statusHistoryOptions(page.call));
  return page.render(<StatusView />);
}
