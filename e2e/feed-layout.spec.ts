import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";

/** The feed's layout: the dated time column, the list/pane split, and a phone-width screen. */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("the time column shows the date once the listed captures span more than one day", async ({
  page,
  db,
  make,
  signIn,
  feed,
}) => {
  const s = suffix();
  const person = await make.person("dates");
  const phone = await make.device(person.id, `dates-phone-${s}`);
  const older = await make.capture(phone, `https://old.dates${s}.example/a`);
  const newer = await make.capture(phone, `https://new.dates${s}.example/b`);
  await signIn(person);

  await feed.open();
  await expect(feed.row(newer).getByTestId("row-time")).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);

  await db.query("UPDATE public.entries SET ts = ts - interval '2 days' WHERE id = $1", [older]);
  await feed.open();
  await expect(feed.row(newer).getByTestId("row-time")).toHaveText(/^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  await expect(feed.row(older).getByTestId("row-time")).toHaveText(/^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  // One day's captures alone: the clock only.
  await feed.open(`?hosts=new.dates${s}.example`);
  await expect(feed.row(newer).getByTestId("row-time")).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await expectAccessible(page);
});

test("the split between list and detail resizes by keyboard and is remembered", async ({
  page,
  make,
  signIn,
  feed,
}) => {
  const s = suffix();
  const person = await make.person("split");
  const phone = await make.device(person.id, `split-phone-${s}`);
  const id = await make.capture(phone, `https://api.split${s}.example/v1/very/long/path/that/needs/room`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(person);
  await feed.open(`?entry=${id}`);
  await expect(feed.detail()).toBeVisible();
  const divider = page.getByRole("separator", { name: "Resize the detail pane" });
  const before = Number(await divider.getAttribute("aria-valuenow"));
  await divider.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(divider).toHaveAttribute("aria-valuenow", String(before - 64));
  const box = await feed.detail().boundingBox();
  expect(Math.round(box!.width)).toBe(before - 64);
  await page.reload();
  await expect(page.getByRole("separator", { name: "Resize the detail pane" })).toHaveAttribute(
    "aria-valuenow",
    String(before - 64),
  );
  await expectAccessible(page);
});

test("at 390 px the detail pane opens as a full-width overlay and Back returns to the list", async ({
  page,
  make,
  signIn,
  feed,
}) => {
  const s = suffix();
  const person = await make.person("phone");
  const phone = await make.device(person.id, `narrow-phone-${s}`);
  const id = await make.capture(phone, `https://api.narrow${s}.example/v1/orders`);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(person);
  await feed.open();

  // Nothing but the list scrolls sideways: the toolbar wraps.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(feed.row(id)).toContainText(`api.narrow${s}.example`);
  await feed.row(id).click();
  await expect(feed.detail()).toBeVisible();
  const pane = await feed.detail().boundingBox();
  expect(Math.round(pane!.width)).toBe(390);
  await expect(page.getByRole("separator", { name: "Resize the detail pane" })).toBeHidden();
  await expectAccessible(page);

  await feed.detail().getByRole("button", { name: "← Back to captures" }).click();
  await expect(feed.detail()).toHaveCount(0);
  await expect(page).not.toHaveURL(/entry=/);
  await expect(feed.row(id)).toBeVisible();
});

test("the seeded feed, more captures than loaded and one open, has no serious accessibility violation", async ({
  page,
  stack,
  signIn,
  feed,
}) => {
  await signIn(stack.admin);
  await feed.open();
  // "N loaded" shows beside the total only when the list holds part of it.
  await expect(page.getByText(/ loaded$/)).toBeVisible();
  await feed.rows().first().click();
  await expect(feed.detail()).toBeVisible();
  await expectAccessible(page);
});
