import { expect, test } from "./fixtures";
import { BreakpointsPage } from "./pages/breakpoints-page";
import { expectAccessible } from "./support/axe";
import { docScreenshot } from "./support/screenshots";
import { startCliCapture, startPlainUpstream } from "./support/cli-capture";

/**
 * Breakpoints against the real CLI: `busymate capture` (the mockttp proxy, paired as a device)
 * holds a request matching the device's rule, the page shows it live, the person edits and
 * resumes it, and the upstream server receives the edited request.
 */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("a held request shows live; edited headers and body are what the upstream receives", async ({
  page,
  stack,
  db,
  signIn,
  make,
}) => {
  test.setTimeout(120_000);
  const s = suffix();
  const person = await make.person("bp");
  const upstream = await startPlainUpstream();
  const cli = await startCliCapture(stack, db, person.id, `bp-cli-${s}`, {
    breakpoints: [{ pattern: `127.0.0.1/bp-${s}/*`, phase: "request", methods: ["POST"], enabled: true }],
  });
  try {
    await signIn(person, "/breakpoints");
    const breakpoints = new BreakpointsPage(page);
    await breakpoints.expectLive();
    await expect(page.getByText("Nothing is held")).toBeVisible();
    await expect(page.getByText("No resumed holds yet")).toBeVisible();

    const answered = cli.send(`${upstream.origin}/bp-${s}/pay?step=1`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-original": "1" },
      body: "original body",
    });
    const card = breakpoints.held(`/bp-${s}/pay?step=1`);
    await expect(card).toBeVisible({ timeout: 20_000 });
    await expect(card).toContainText(`bp-cli-${s}`);
    await expect(breakpoints.headerValue(card, "x-original")).toHaveValue("1");
    await expect(breakpoints.body(card)).toHaveValue("original body");
    await expect(card.getByRole("button", { name: "Resume edited" })).toBeDisabled();
    await expectAccessible(page);
    await docScreenshot(page, "breakpoints");

    await breakpoints.headerValue(card, "x-original").fill("edited");
    await breakpoints.addHeader(card, "x-added", "yes");
    await breakpoints.body(card).fill("edited body");
    await breakpoints.resume(card, "Resume edited");
    expect((await answered).status).toBe(200);
    const seen = upstream.seen.find((request) => request.url.includes("step=1"))!;
    expect(seen.headers["x-original"]).toBe("edited");
    expect(seen.headers["x-added"]).toBe("yes");
    expect(seen.body).toBe("edited body");
    await expect(card).toHaveCount(0);
    await expect(breakpoints.history()).toContainText("Resumed edited");

    // By keyboard: the second hold is resumed unchanged with Enter on the focused button.
    const second = cli.send(`${upstream.origin}/bp-${s}/pay?step=2`, {
      method: "POST",
      headers: { "x-original": "2" },
      body: "as is",
    });
    const next = breakpoints.held(`/bp-${s}/pay?step=2`);
    await expect(next).toBeVisible({ timeout: 20_000 });
    await next.getByRole("button", { name: "Resume unchanged" }).focus();
    await page.keyboard.press("Enter");
    expect((await second).status).toBe(200);
    const unchanged = upstream.seen.find((request) => request.url.includes("step=2"))!;
    expect(unchanged).toMatchObject({ body: "as is", headers: { "x-original": "2" } });
    await expect(breakpoints.history()).toContainText("Resumed unchanged");
    const { rows } = await db.query<{ action: string }>(
      "SELECT resolution ->> 'action' AS action FROM public.breakpoint_events WHERE device_uuid = $1 ORDER BY held_at",
      [cli.device],
    );
    expect(rows.map((row) => row.action)).toEqual(["modify", "continue"]);
  } finally {
    await cli.stop();
    await upstream.close();
  }
});
