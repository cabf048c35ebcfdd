import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { giveRole, newAdmin } from "./support/roles";
import { WorkspacesPage } from "./pages/workspaces-page";

/** Workspaces against the real stack: devices, saved tabs opening the feed, reorder, delete. */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin creates a workspace with a device, saves tabs, reorders and opens one, deletes it", async ({
  page,
  db,
  signIn,
  make,
  feed,
}) => {
  const s = suffix();
  const admin = await newAdmin(db);
  const device = await make.device(admin.id, `ws-phone-${s}`);
  await make.capture(device, `https://api.ws${s}.example/v1/orders`);
  await make.capture(device, `https://cdn.ws${s}.example/app.js`);

  await signIn(admin, "/workspaces");
  const workspaces = new WorkspacesPage(page);
  await workspaces.create(`Checkout ${s}`, [`ws-phone-${s}`]);
  await expect(workspaces.listItem(`Checkout ${s}`)).toContainText("1 device");
  await workspaces.addTab("Everything", {});
  await workspaces.addTab("Orders", { search: "/v1/orders", hosts: `api.ws${s}.example` });
  await page.getByRole("button", { name: "Move Orders up" }).click();
  await expect(workspaces.tabs().first()).toContainText("Orders");
  await expectAccessible(page);

  await workspaces.tabs().first().getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/feed\?workspace=.*hosts=api\.ws.*q=%2Fv1%2Forders/);
  await expect(feed.rows()).toHaveCount(1);
  await expect(feed.rows().first()).toContainText("/v1/orders");

  await workspaces.open();
  await workspaces.listItem(`Checkout ${s}`).click();
  await page.getByRole("button", { name: `Delete workspace Checkout ${s}` }).click();
  await expect(page.getByRole("group", { name: `Confirm: Delete workspace Checkout ${s}` })).toContainText(
    "with its 2 tabs and 0 pins",
  );
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(workspaces.listItem(`Checkout ${s}`)).toHaveCount(0);
});

test("a role that may only view workspaces gets no edit controls", async ({ page, db, make, signIn }) => {
  const viewer = await make.person("ws-viewer");
  await giveRole(db, viewer.id, ["workspaces:view", "devices:view"]);
  await db.query("INSERT INTO public.workspaces (name, owner_user_id) VALUES ($1, $2)", [
    `Viewed ${suffix()}`,
    viewer.id,
  ]);
  await signIn(viewer, "/workspaces");
  await expect(page.getByTestId("workspaces-list").locator("li")).toHaveCount(1);
  await expect(
    page.getByRole("button", { name: /^(New workspace|Save|Delete workspace|Add tab|Move|Remove tab)/ }),
  ).toHaveCount(0);
  await expectAccessible(page);
});
