import type pg from "pg";
import { expect, test } from "./fixtures";
import { FeedTabs } from "./pages/feed-tabs";
import { expectAccessible } from "./support/axe";

/**
 * A workspace's saved tabs and pins, worked from the feed itself against the real stack: the
 * tabs are workspace_tabs rows, the pins workspace_entries, read back from the database.
 */
const suffix = () => Math.random().toString(36).slice(2, 8);

async function workspaceWith(db: pg.Pool, ownerId: string, name: string, devices: string[]): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "INSERT INTO public.workspaces (name, owner_user_id) VALUES ($1, $2) RETURNING id",
    [name, ownerId],
  );
  for (const device of devices)
    await db.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $2)", [
      rows[0].id,
      device,
    ]);
  return rows[0].id;
}

const savedTitles = async (db: pg.Pool, workspace: string) =>
  (
    await db.query<{ title: string }>(
      "SELECT title FROM public.workspace_tabs WHERE workspace_id = $1 ORDER BY position",
      [workspace],
    )
  ).rows.map((r) => r.title);

test("save the current filter as a tab, rename it, reorder by keyboard, reload on it, remove it", async ({
  page,
  db,
  make,
  signIn,
  feed,
}) => {
  const s = suffix();
  const person = await make.person("tabs");
  const phone = await make.device(person.id, `tabs-phone-${s}`);
  await make.capture(phone, `https://api.tabs${s}.example/v1/orders`);
  await make.capture(phone, `https://cdn.tabs${s}.example/app.js`);
  await make.capture(phone, `https://api.tabs${s}.example/v1/login`, { method: "POST" });
  const workspace = await workspaceWith(db, person.id, `Tabs ${s}`, [phone]);
  const tabs = new FeedTabs(page);

  await signIn(person);
  await feed.open(`?workspace=${workspace}`);
  await expect(tabs.tab("All captures")).toHaveAttribute("aria-selected", "true");
  await feed.expectTotal(3);

  await feed.search("/v1/");
  await feed.expectTotal(2);
  await tabs.saveAs("API");
  await expect(page).toHaveURL(/[?&]tab=[0-9a-f-]{36}/);
  expect(await savedTitles(db, workspace)).toEqual(["API"]);

  await tabs.tab("All captures").click();
  await feed.expectTotal(3);
  await feed.search("cdn.");
  await tabs.saveAs("Static");
  expect(await savedTitles(db, workspace)).toEqual(["API", "Static"]);

  await tabs.rename("Static", "Assets");
  await expect(tabs.tab("Assets")).toBeVisible();
  expect(await savedTitles(db, workspace)).toEqual(["API", "Assets"]);

  // Alt+Arrow moves the focused tab; focus stays on it.
  await tabs.moveByKeyboard("Assets", "left");
  await expect.poll(() => tabs.titles()).toEqual(["Assets", "API"]);
  await expect(tabs.tab("Assets")).toBeFocused();
  await expect.poll(() => savedTitles(db, workspace)).toEqual(["Assets", "API"]);
  // Arrows alone only move focus (manual activation); Enter opens.
  await page.keyboard.press("ArrowRight");
  await expect(tabs.tab("API")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(tabs.tab("API")).toHaveAttribute("aria-selected", "true");
  await feed.expectTotal(2);
  await expect(tabs.panel()).toHaveAccessibleName("API");

  // The active tab lives in the URL: a reload (or the shared link) opens it again.
  await page.reload();
  await expect(tabs.tab("API")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("feed-search")).toHaveValue("/v1/");
  await feed.expectTotal(2);
  await expectAccessible(page);

  await tabs.remove("API");
  await expect(tabs.tab("API")).toHaveCount(0);
  await expect(tabs.tab("All captures")).toHaveAttribute("aria-selected", "true");
  await feed.expectTotal(3);
  expect(await savedTitles(db, workspace)).toEqual(["Assets"]);
});

test("pin a capture from the detail pane, find it in the Pinned view, unpin it", async ({
  page,
  db,
  make,
  signIn,
  feed,
}) => {
  const s = suffix();
  const person = await make.person("pins");
  const phone = await make.device(person.id, `pins-phone-${s}`);
  const other = await make.device(person.id, `pins-other-${s}`);
  const kept = await make.capture(other, `https://elsewhere.pins${s}.example/checkout`);
  await make.capture(phone, `https://api.pins${s}.example/v1/cart`);
  const workspace = await workspaceWith(db, person.id, `Pins ${s}`, [phone]);
  const tabs = new FeedTabs(page);
  const pins = async () =>
    (
      await db.query<{ entry_id: string }>("SELECT entry_id FROM public.workspace_entries WHERE workspace_id = $1", [
        workspace,
      ])
    ).rows.map((r) => Number(r.entry_id));

  await signIn(person);
  // The capture comes from a device outside the workspace: opened by link within it, then pinned.
  await feed.open(`?workspace=${workspace}&entry=${kept}`);
  await expect(feed.detail()).toContainText("/checkout");
  await expect(tabs.pinButton()).toHaveText("Pin");
  await tabs.pinButton().click();
  await expect(tabs.pinButton()).toHaveText("Unpin");
  expect(await pins()).toEqual([kept]);

  await tabs.tab(/^Pinned/).click();
  await expect(tabs.tab(/^Pinned/)).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/[?&]pinned=1/);
  await feed.expectTotal(1);
  await expect(feed.rows()).toHaveCount(1);
  await expect(feed.row(kept)).toBeVisible();

  await feed.row(kept).click();
  await tabs.pinButton().click();
  await expect(tabs.pinButton()).toHaveText("Pin");
  expect(await pins()).toEqual([]);
  await expect(page.getByText("Nothing pinned in this workspace yet")).toBeVisible();
  await feed.expectTotal(0);

  // A pin made elsewhere (a teammate, an agent over MCP) lands in the open Pinned view, live.
  await tabs.expectLive();
  await db.query("INSERT INTO public.workspace_entries (workspace_id, entry_id) VALUES ($1, $2)", [workspace, kept]);
  await expect(feed.row(kept)).toBeVisible();
  await feed.expectTotal(1);
  await expect(tabs.tab("Pinned (1)")).toBeVisible();
  await expect(tabs.pinButton()).toHaveText("Unpin");
});

test("a tab dragged onto another takes its place", async ({ page, db, make, signIn, feed }) => {
  const s = suffix();
  const person = await make.person("drag");
  const phone = await make.device(person.id, `drag-phone-${s}`);
  await make.capture(phone, `https://api.drag${s}.example/`);
  const workspace = await workspaceWith(db, person.id, `Drag ${s}`, [phone]);
  for (const [position, title] of ["One", "Two", "Three"].entries())
    await db.query("INSERT INTO public.workspace_tabs (workspace_id, title, position) VALUES ($1, $2, $3)", [
      workspace,
      title,
      position,
    ]);
  const tabs = new FeedTabs(page);
  await signIn(person);
  await feed.open(`?workspace=${workspace}`);
  await tabs.dragOnto("Three", "One");
  await expect.poll(() => tabs.titles()).toEqual(["Three", "One", "Two"]);
  await expect.poll(() => savedTitles(db, workspace)).toEqual(["Three", "One", "Two"]);
});
