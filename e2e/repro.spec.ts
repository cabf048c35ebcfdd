import { expect, test } from "./fixtures";

/** Several captures marked in the feed become a runnable repro (build_repro), with no captured secret. */
test("This flow marks a login's captures; Build repro shows the scheme, the steps and a program without secrets", async ({
  page,
  stack,
  db,
  signIn,
  make,
  feed,
}) => {
  const { rows } = await db.query<{ id: string; payload: { request: { body: { content: string } } } }>(
    `SELECT id, payload FROM public.entries
     WHERE path = '/v2/auth/login' AND payload #>> '{request,body,content}' LIKE '%"password"%' AND status = 200
     ORDER BY id DESC LIMIT 1`,
  );
  const { id, payload } = rows[0];
  const password = (JSON.parse(payload.request.body.content) as { password: string }).password;

  // Newer captures push the login out of the first page: "This flow" must still find its flow.
  const { rows: admins } = await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [
    stack.admin.email,
  ]);
  const other = await make.device(admins[0].id, `flow-noise-${id}`);
  for (let i = 0; i < 110; i++) await make.capture(other, `https://noise.e2e.example/${i}`);

  await signIn(stack.admin, "/feed");
  await page.goto(`/feed?entry=${id}`);
  await expect(feed.detail()).toBeVisible();
  await feed.detail().getByRole("button", { name: "This flow" }).click();
  const bar = page.getByTestId("selection-bar");
  await expect(bar).toContainText(/\d+ captures selected/);
  expect(Number((await bar.textContent())?.match(/(\d+) captures selected/)?.[1])).toBeGreaterThan(1);

  await bar.getByRole("button", { name: "Build repro" }).click();
  const panel = page.getByTestId("repro-panel");
  await expect(panel.getByTestId("repro-scheme")).not.toBeEmpty({ timeout: 15_000 });
  await expect(panel.getByTestId("repro-steps").locator("li").first()).toBeVisible();
  await expect(panel.getByRole("region").or(panel.locator("pre"))).toContainText(/fetch|process\.env/);
  expect(await panel.textContent()).not.toContain(password);

  await panel.getByRole("radio", { name: "python" }).click();
  await expect(panel.locator("pre")).toContainText(/urllib|requests|os\.environ/);
});
