import { expect, test } from "./fixtures";
import { seriousViolations, StatsPage, StatusPage } from "./pages/admin-pages";
import { docScreenshot } from "./support/screenshots";

/** Fleet stats and service status as an admin watches them. */

let adminId: string;

test.beforeAll(async ({ db, stack }) => {
  adminId = (await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [stack.admin.email])).rows[0]
    .id;
});

test("a burst of captures from a device shows on the open stats chart within 70 s", async ({
  make,
  stack,
  signIn,
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(stack.admin, "/stats");
  const stats = new StatsPage(page);
  await stats.expectLive();
  await expect(stats.chart("Captures by status class")).toBeVisible();

  const host = `burst-${Math.random().toString(36).slice(2, 8)}.e2e.example`;
  const name = `burst-${host.slice(6, 12)}`;
  const uuid = await make.device(adminId, name);
  for (let i = 0; i < 25; i++)
    await make.capture(uuid, `https://${host}/item/${i}`, { status: i % 5 === 0 ? 503 : 200 });

  // The device's own series (the chart's text for screen readers names each series and its total).
  await expect(stats.chart("Captures by device")).toContainText(`${name} 25`, { timeout: 75_000 });
  // The burst's host is among the top domains; a click opens the feed filtered to it.
  const link = page.getByRole("region", { name: "Top domains" }).getByRole("link", { name: host });
  await expect(link).toBeVisible();
  await link.click();
  await page.waitForURL((url) => url.pathname === "/feed" && url.searchParams.get("hosts") === host);
});

test("status shows a component down when its probe fails, and keeps the incident", async ({
  db,
  stack,
  signIn,
  page,
}) => {
  await signIn(stack.admin, "/status");
  const status = new StatusPage(page);
  await status.expectLive();
  await expect(status.component("rest")).toHaveAttribute("data-up", "true");
  // A real failure the REST probe meets: the service role loses its read of service_status, so the
  // worker's next probe (every 10 s) gets PostgREST's 403 and writes the REST API down.
  await db.query("REVOKE SELECT ON public.service_status FROM service_role");
  try {
    await expect(status.component("rest")).toHaveAttribute("data-up", "false", { timeout: 25_000 });
    await expect(status.component("rest")).toContainText("403");
    await expect(page.getByTestId("overall")).toHaveAttribute("data-overall", "degraded");
    await expect(page.getByTestId("incidents").locator('[data-component="rest"]').first()).toHaveAttribute(
      "data-open",
      "true",
      { timeout: 15_000 },
    );
  } finally {
    await db.query("GRANT SELECT ON public.service_status TO service_role");
  }
  // Back up on the next probe; the incident stays listed, now with when it ended.
  await expect(status.component("rest")).toHaveAttribute("data-up", "true", { timeout: 25_000 });
  await expect(page.getByTestId("incidents").locator('[data-component="rest"]').first()).toHaveAttribute(
    "data-open",
    "false",
  );
});

test("stats and status have no serious accessibility violations (screenshots for the docs)", async ({
  stack,
  signIn,
  page,
}) => {
  await signIn(stack.admin, "/stats");
  await new StatsPage(page).expectLive();
  expect(await seriousViolations(page)).toEqual([]);
  await docScreenshot(page, "stats");

  await new StatusPage(page).open();
  await expect(page.getByTestId("overall")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await docScreenshot(page, "status");
  // A short window makes the page body scroll, where a scroll box must still be reachable by keyboard.
  await page.setViewportSize({ width: 1280, height: 420 });
  expect(await seriousViolations(page)).toEqual([]);
});
