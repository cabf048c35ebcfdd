import { expect, test } from "./fixtures";

// A reader far from the server's time zone, a second after the server rendered: what used to
// differ between the server's HTML and the first client render (clock times, "ago" labels).
test.use({ timezoneId: "Pacific/Auckland" });

test("dashboard pages hydrate without a mismatch in another time zone", async ({ page, stack, signIn }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(stack.admin, "/feed");
  await expect(page.getByTestId("feed-list").getByRole("option").first()).toBeVisible();
  await page.goto("/devices");
  await expect(page.getByTestId("devices-table")).toBeVisible();
  await expect(page.getByTestId("online-state").first()).toHaveAttribute("data-online", /true|false/);
  const first = await page.locator("tr[data-device]").first().getAttribute("data-device");
  await page.goto(`/devices/${first}`);
  await expect(page.getByRole("heading", { name: "Recent captures" })).toBeVisible();
  expect(problems.filter((p) => /hydrat|#418|#423|#425/i.test(p))).toEqual([]);
});
