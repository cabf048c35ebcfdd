import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { giveRole, newAdmin } from "./support/roles";
import { AgentsPage } from "./pages/agents-page";
import { SignInPage } from "./pages/sign-in-page";

/** BusyBro's agents against the real stack: the editor with its preview, links, live and conflicting edits. */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin creates an agent, previews its Markdown, edits it and deletes it, told which links go", async ({
  page,
  db,
  signIn,
}) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await signIn(admin, "/agents");
  const agents = new AgentsPage(page);
  await agents.create(`stripe-${s}`, `Stripe ${s}`, "# Stripe\n\n- **payment intents**\n- <b>raw</b>");
  await expect(agents.preview().getByRole("heading", { name: "Stripe" })).toBeVisible();
  await expect(agents.preview().locator("strong")).toHaveText("payment intents");
  await expect(agents.preview()).toContainText("<b>raw</b>");
  await expectAccessible(page);

  const form = agents.editor(`stripe-${s}`);
  await form.getByLabel("Slug").fill("9bad");
  await expect(page.getByTestId("agent-problem")).toContainText("Slug:");
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  await form.getByLabel("Slug").fill(`stripe-${s}`);
  await form.getByLabel("Model").fill("gpt-5.1");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  const { rows } = await db.query<{ id: string; model: string }>(
    "SELECT id, model FROM public.busybro_agents WHERE slug = $1",
    [`stripe-${s}`],
  );
  expect(rows[0].model).toBe("gpt-5.1");

  const group = await db.query<{ id: string }>(
    "INSERT INTO public.service_groups (name, owner_user_id) SELECT $1, id FROM auth.users WHERE email = $2 RETURNING id",
    [`Payments ${s}`, admin.email],
  );
  await db.query("INSERT INTO public.service_group_agents (group_id, agent_id, is_primary) VALUES ($1, $2, true)", [
    group.rows[0].id,
    rows[0].id,
  ]);
  await expect(page.getByTestId("agent-groups")).toContainText(`Payments ${s} · primary`, { timeout: 2000 });
  await page.getByRole("button", { name: `Delete agent stripe-${s}` }).click();
  await expect(agents.confirmText(`stripe-${s}`)).toContainText(`removes its link from Payments ${s} (primary)`);
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(agents.listItem(`stripe-${s}`)).toHaveCount(0);
  await db.query("DELETE FROM public.service_groups WHERE id = $1", [group.rows[0].id]);
});

test("an edit in another tab shows live; saving over it is refused and offers reload", async ({
  db,
  page,
  browser,
  baseURL,
  signIn,
}) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await signIn(admin, "/agents");
  const first = new AgentsPage(page);
  await first.create(`live-${s}`, `Live ${s}`, "First version.");
  await first.expectLive();
  const firstForm = first.editor(`live-${s}`);
  await firstForm.getByLabel("Label").fill(`Mine ${s}`);

  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await new SignInPage(otherPage).open(page.url().replace(/^https?:\/\/[^/]+/, ""));
  await new SignInPage(otherPage).signIn(admin.email, admin.password);
  const second = new AgentsPage(otherPage);
  const secondForm = second.editor(`live-${s}`);
  await secondForm.getByLabel("Instructions (Markdown)").fill("Second version.");
  await secondForm.getByRole("button", { name: "Save" }).click();
  await expect(secondForm.getByRole("button", { name: "Save" })).toBeDisabled();

  await expect(firstForm.getByRole("status")).toContainText("changed this agent since you loaded it", {
    timeout: 2000,
  });
  await firstForm.getByRole("button", { name: "Save" }).click();
  await expect(firstForm.getByRole("alert")).toContainText("changed since you loaded it");
  await firstForm.getByRole("alert").getByRole("button", { name: "Reload" }).click();
  await expect(firstForm.getByLabel("Instructions (Markdown)")).toHaveValue("Second version.");
  await expect(firstForm.getByLabel("Label")).toHaveValue(`Live ${s}`);
  await second.delete(`live-${s}`);
  await expect(first.listItem(`live-${s}`)).toHaveCount(0, { timeout: 2000 });
  await other.close();
});

test("a member reads agents and their instructions but gets no editor", async ({ page, db, make, signIn }) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await db.query(
    "INSERT INTO public.busybro_agents (slug, label, instructions, owner_user_id) SELECT $1, $2, '## Read me', id FROM auth.users WHERE email = $3",
    [`shared-${s}`, `Shared ${s}`, admin.email],
  );
  const member = await make.person("agent-member");
  await signIn(member, `/agents`);
  const agents = new AgentsPage(page);
  await agents.select(`shared-${s}`);
  await expect(page.getByRole("article", { name: `Agent shared-${s}` })).toBeVisible();
  await expect(agents.preview().getByRole("heading", { name: "Read me" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New agent" })).toHaveCount(0);
  await expect(page.getByRole("form")).toHaveCount(0);
  await expectAccessible(page);

  const nobody = await make.person("no-agents");
  await giveRole(db, nobody.id, ["entries:view"]);
  await page.context().clearCookies();
  await signIn(nobody, "/feed");
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Agents" })).toHaveCount(0);
  await page.goto("/agents");
  await expect(page.getByRole("heading", { name: "Your role does not include agents" })).toBeVisible();
});
