import type { Metadata } from "next";
import { UsersView } from "@/components/admin/users-view";
import { requirePage } from "@/lib/dashboard/page-guard";
import { rolesOptions, usersOptions } from "@/lib/data/admin";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage() {
  const page = await requirePage("users:view", "people");
  if (!page.allowed) return page.denied;
  page.prefetch(usersOptions(page.call));
  if (page.can("roles:view")) page.prefetch(rolesOptions(page.call));
  return page.render(
    <UsersView userId={page.session.userId} canEdit={page.can("users:edit")} canListRoles={page.can("roles:view")} />,
  );
}
