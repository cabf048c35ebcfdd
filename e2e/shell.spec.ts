import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { newAdmin } from "./support/roles";

/** The way in and around: the landing page's link, the account page from the user menu, a 404 inside the shell. */
test("the landing page offers sign-in when signed out and the dashboard when signed in", async ({
  db,
  page,
  signIn,
}) => {
  const admin = await newAdmin(db);
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Busymate" })).toBeVisible();
  await signIn(admin, "/feed");
  await page.goto("/");
  await page.getByRole("link", { name: "Open the dashboard" }).click();
  await expect(page).toHaveURL(/\/feed$/);
});

test("the user menu leads to the account page; an unknown path is a 404 inside the app shell", async ({
  db,
  page,
  signIn,
}) => {
  const admin = await newAdmin(db);
  await signIn(admin, "/feed");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);

  const response = await page.goto("/no-such-section/at-all");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "There is no page here" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Go to the feed" }).click();
  await expect(page).toHaveURL(/\/feed$/);
});

test("signed out, an unknown dashboard path asks for sign-in first", async ({ page }) => {
  await page.goto("/no-such-section");
  await expect(page.getByRole("heading", { name: "Sign in to Busymate" })).toBeVisible();
});
