import type { Browser, Page } from "@playwright/test";
import type pg from "pg";
import { expect, test } from "./fixtures";
import { AuditPage, RolesPage, seriousViolations, UsersPage } from "./pages/admin-pages";
import { DevicesPage } from "./pages/devices-page";
import { SignInPage } from "./pages/sign-in-page";
import type { StackData } from "./support/stack";
import { docScreenshot } from "./support/screenshots";

/** Roles, people and the audit log as an admin runs them, and what members see meanwhile. */

const suffix = () => Math.random().toString(36).slice(2, 8);

/** Another person in their own browser context, signed in and on `next`. */
async function signedInElsewhere(
  browser: Browser,
  who: { email: string; password: string },
  next: string,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.open(next);
  await signIn.signIn(who.email, who.password);
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

/** A custom own-scope role with these view capabilities, and a person holding it. */
async function personWithRole(
  db: pg.Pool,
  make: { person(label: string): Promise<{ id: string; email: string; password: string }> },
  sections: string[],
) {
  const slug = `watcher-${suffix()}`;
  const name = `Watcher ${slug.slice(8)}`;
  const { rows } = await db.query<{ id: string }>(
    "INSERT INTO public.roles (slug, name, scope) VALUES ($1, $2, 'own') RETURNING id",
    [slug, name],
  );
  await db.query(
    "INSERT INTO public.role_capabilities (role_id, section, action) SELECT $1, s, 'view' FROM unnest($2::text[]) s",
    [rows[0].id, sections],
  );
  const person = await make.person("watcher");
  await db.query("UPDATE public.user_roles SET role_id = $2 WHERE user_id = $1", [person.id, rows[0].id]);
  return { person, name };
}

/** A person's access token from Auth's password grant, as any supabase-js client gets one. */
async function passwordToken(stack: StackData, who: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: stack.publishableKey, "content-type": "application/json" },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

test("an admin edits the matrix and a member's open page follows at once", async ({
  browser,
  db,
  make,
  stack,
  signIn,
  page,
}) => {
  const { person, name } = await personWithRole(db, make, ["devices", "entries", "stats"]);
  const memberPage = await signedInElsewhere(browser, person, "/stats");
  await expect(memberPage.getByRole("heading", { name: "Stats", level: 1 })).toBeVisible();

  await signIn(stack.admin, "/roles");
  const roles = new RolesPage(page);
  await roles.select(name);
  await roles.cell("stats", "view").click();
  await expect(roles.cell("stats", "view")).not.toBeChecked();
  await expect(roles.saved()).toBeVisible();
  // No reload on the member's side: the role change arrives over Realtime and the page re-renders.
  await expect(memberPage.getByText("Your role does not include stats")).toBeVisible({ timeout: 5000 });
  await expect(memberPage.getByRole("link", { name: "Stats" })).toHaveCount(0);

  await roles.cell("stats", "view").click();
  await expect(roles.cell("stats", "view")).toBeChecked();
  await expect(memberPage.getByRole("heading", { name: "Stats", level: 1 })).toBeVisible({ timeout: 5000 });
  await memberPage.context().close();
});

test("the built-in admin role is read-only, and the last admin cannot be demoted", async ({
  db,
  stack,
  signIn,
  page,
}) => {
  await signIn(stack.admin, "/roles");
  const roles = new RolesPage(page);
  await roles.select("Admin");
  await expect(page.getByTestId("admin-read-only")).toBeVisible();
  await expect(roles.cell("users", "edit")).toBeDisabled();

  const admins = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id JOIN auth.users u ON u.id = ur.user_id WHERE r.slug = 'admin' AND (u.banned_until IS NULL OR u.banned_until < now())",
  );
  expect(Number(admins.rows[0].n), "this story needs the stack's one admin").toBe(1);
  const users = new UsersPage(page);
  await users.open();
  await expect(users.roleSelect(stack.admin.email)).toBeDisabled();
  await expect(users.row(stack.admin.email).getByTestId("last-admin")).toHaveText(
    "You are the last admin: make someone else an admin first.",
  );
  // The database refuses it too, whatever the page shows (a deferred check at commit).
  const refused = await db
    .query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'member') WHERE user_id = (SELECT id FROM auth.users WHERE email = $1)",
      [stack.admin.email],
    )
    .then(
      () => null,
      (error: Error) => error.message,
    );
  expect(refused).toMatch(/last admin/i);
});

test("an admin creates a person who then signs in, then deactivates and reactivates them", async ({
  browser,
  stack,
  signIn,
  page,
}) => {
  await signIn(stack.admin, "/users");
  const users = new UsersPage(page);
  const email = `new-${suffix()}@e2e.busymate.local`;
  const password = await users.create(email, "Member");
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(users.row(email)).toContainText("Member");

  const theirs = await signedInElsewhere(browser, { email, password }, "/feed");
  await expect(theirs.getByRole("link", { name: "Feed" })).toBeVisible();
  await theirs.context().close();

  await users.row(email).getByRole("button", { name: "Deactivate" }).click();
  await expect(users.row(email)).toContainText("Deactivated");
  const refused = await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: stack.publishableKey, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(refused.status).toBe(400);
  await users.row(email).getByRole("button", { name: "Reactivate" }).click();
  await expect(users.row(email)).toContainText("Active");
  expect(await passwordToken(stack, { email, password })).toBeTruthy();
});

test("a member's renames over REST and from the dashboard appear in the audit log", async ({
  browser,
  make,
  stack,
  signIn,
  page,
}) => {
  const member = await make.person("renamer");
  const uuid = await make.device(member.id, `audited-${suffix()}`);
  const token = await passwordToken(stack, member);
  const rest = await fetch(`${stack.supabaseUrl}/rest/v1/devices?uuid=eq.${uuid}`, {
    method: "PATCH",
    headers: { apikey: stack.publishableKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Renamed over REST" }),
  });
  expect(rest.status).toBe(204);

  const memberPage = await signedInElsewhere(browser, member, "/devices");
  await new DevicesPage(memberPage).rename(uuid, "Renamed over REST", "Renamed in the dashboard");
  await memberPage.context().close();

  await signIn(stack.admin, "/feed");
  const audit = new AuditPage(page);
  await audit.open(`?table=devices&actor=${member.id}`);
  const rows = audit.rows().filter({ hasText: uuid });
  await expect(rows.filter({ hasText: "update devices" })).toHaveCount(2);
  await rows.first().getByRole("button", { name: "name, updated_at" }).click();
  await expect(page.getByLabel("after").first()).toContainText("Renamed in the dashboard");
});

test("a member cannot open the admin pages", async ({ browser, make }) => {
  const member = await make.person("curious");
  const memberPage = await signedInElsewhere(browser, member, "/feed");
  for (const [path, what] of [
    ["/audit", "the audit log"],
    ["/users", "people"],
    ["/roles", "roles"],
    ["/status", "status"],
  ]) {
    await memberPage.goto(path);
    await expect(memberPage.getByText(`Your role does not include ${what}`)).toBeVisible();
  }
  await memberPage.context().close();
});

test("admin pages have no serious accessibility violations (screenshots for the docs)", async ({
  stack,
  signIn,
  page,
}) => {
  await signIn(stack.admin, "/roles");
  await expect(page.getByTestId("capability-matrix")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await docScreenshot(page, "roles");

  await new UsersPage(page).open();
  await expect(page.getByTestId("people")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await docScreenshot(page, "users");

  await new AuditPage(page).open();
  await expect(page.getByTestId("audit")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await docScreenshot(page, "audit");
});
