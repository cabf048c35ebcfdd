import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { giveRole, newAdmin } from "./support/roles";
import { SignInPage } from "./pages/sign-in-page";
import { TagsPage } from "./pages/tags-page";

/** Tags against the real stack: counts, editing, the feed filtered by tag, live and conflicting edits. */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin creates, renames and deletes a tag; its captures open in the feed", async ({
  page,
  db,
  signIn,
  make,
  feed,
}) => {
  const admin = await newAdmin(db);
  const adminId = admin.id;
  const s = suffix();
  const device = await make.device(adminId, `tag-phone-${s}`);
  const tagged = await make.capture(device, `https://tagged.e2e.example/${s}`);
  await make.capture(device, `https://untagged.e2e.example/${s}`);

  await signIn(admin, "/tags");
  const tags = new TagsPage(page);
  await tags.create(`flow-${s}`);
  await expect(tags.count(`flow-${s}`)).toHaveText(/^0 captures/);
  const tagId = (await db.query<{ id: string }>("SELECT id FROM public.tags WHERE name = $1", [`flow-${s}`])).rows[0]
    .id;
  await db.query("INSERT INTO public.entry_tags (entry_id, tag_id) VALUES ($1, $2)", [tagged, tagId]);

  await tags.rename(`flow-${s}`, `login-${s}`);
  await expect(tags.count(`login-${s}`)).toHaveText(/^1 capture\b/);
  await expectAccessible(page);

  await tags.count(`login-${s}`).click();
  await expect(page).toHaveURL(new RegExp(`/feed\\?tags=${tagId}`));
  await expect(feed.rows()).toHaveCount(1);
  await expect(feed.rows().first()).toContainText("tagged.e2e.example");

  await tags.open();
  await page.getByRole("button", { name: `Delete tag login-${s}` }).click();
  await expect(tags.confirmText(`login-${s}`)).toContainText("Removes login-" + s + " from 1 capture");
  await tags.confirmText(`login-${s}`).getByRole("button", { name: "Confirm delete" }).click();
  await expect(tags.row(`login-${s}`)).toHaveCount(0);
  expect((await db.query("SELECT 1 FROM public.entry_tags WHERE tag_id = $1", [tagId])).rowCount).toBe(0);
});

test("a change in one tab shows in another within 2 s; a stale edit is refused and offers reload", async ({
  db,
  page,
  browser,
  baseURL,
  signIn,
}) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await signIn(admin, "/tags");
  const first = new TagsPage(page);
  await first.create(`live-${s}`);
  const staleForm = await first.startEdit(`live-${s}`);

  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  const second = new TagsPage(otherPage);
  await new SignInPage(otherPage).open("/tags");
  await new SignInPage(otherPage).signIn(admin.email, admin.password);
  await otherPage.waitForURL((url) => url.pathname === "/tags");
  await second.expectLive();
  await first.expectLive();
  await second.rename(`live-${s}`, `renamed-${s}`);
  await expect(second.row(`renamed-${s}`)).toBeVisible();

  // The first tab's open form still holds the version it loaded.
  await staleForm.getByLabel("Tag name").fill(`mine-${s}`);
  await staleForm.getByRole("button", { name: "Save" }).click();
  await expect(staleForm.getByRole("alert")).toContainText("changed since you loaded it");
  await staleForm.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByRole("form", { name: `Edit tag renamed-${s}` }).getByLabel("Tag name")).toHaveValue(
    `renamed-${s}`,
  );
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(first.row(`renamed-${s}`)).toBeVisible();
  await second.delete(`renamed-${s}`);
  await expect(first.row(`renamed-${s}`)).toHaveCount(0, { timeout: 2000 });
  await other.close();
});

test("a role that may only view tags sees them without edit controls", async ({ page, db, signIn, make }) => {
  const viewer = await make.person("tag-viewer");
  await giveRole(db, viewer.id, ["tags:view", "entries:view"]);
  await db.query("INSERT INTO public.tags (name, color, owner_user_id) VALUES ($1, '#e11d48', $2)", [
    `mine-${suffix()}`,
    viewer.id,
  ]);
  await signIn(viewer, "/tags");
  await expect(page.getByTestId("tags-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("form", { name: "New tag" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Delete) tag/ })).toHaveCount(0);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Tags" })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Devices" })).toHaveCount(0);
  await expectAccessible(page);
});
