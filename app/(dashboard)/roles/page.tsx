import type { Metadata } from "next";
import { RolesView } from "@/components/admin/roles-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { rolesOptions, usersOptions } from "@/lib/data/admin";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const page = await requirePage("roles:view", "roles");
  if (!page.allowed) return page.denied;
  page.prefetch(rolesOptions(page.call));
  if (page.can("users:view")) page.prefetch(usersOptions(page.call));
  return page.render(<RolesView canEdit={page.can("roles:edit")} canListPeople={page.can("users:view")} />);
}
