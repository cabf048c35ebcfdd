import type pg from "pg";
import { expect, test } from "./fixtures";

/**
 * The capture feed against the real stack: sign-in, REST and RPC through the first-party
 * token, Broadcast for live rows, RLS for who sees what. Serial: several tests compare the
 * UI's totals with the database, so they must not add captures under each other's feet.
 */
test.describe.configure({ mode: "serial" });

const count = async (db: pg.Pool, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
const seededDevice = async (db: pg.Pool, name: string) =>
  (await db.query<{ uuid: string }>("SELECT uuid FROM public.devices WHERE name = $1", [name])).rows[0].uuid;

test("the seeded admin signs in and sees the feed with the right total", async ({ stack, db, signIn, feed }) => {
  await signIn(stack.admin);
  await expect(feed.rows().first()).toBeVisible();
  await feed.expectTotal(await count(db, "SELECT count(*) AS n FROM public.entries"));
  // Newest first: the first row is the newest capture in the database.
  const newest = await count(db, "SELECT max(id) AS n FROM public.entries");
  await expect(feed.rows().first()).toHaveAttribute("data-entry-id", String(newest));
});

test("a capture sent by a device appears at the top within 2 s; one outside the filter does not", async ({
  stack,
  db,
  signIn,
  make,
  feed,
}) => {
  await signIn(stack.admin);
  const iphone = await seededDevice(db, "Admin's iPhone");

  await feed.open();
  await feed.expectLive();
  const id = await make.capture(iphone, "https://live-top.e2e.example/v1/ping");
  await expect(feed.rows().first()).toHaveAttribute("data-entry-id", String(id), { timeout: 2000 });

  await feed.open("?hosts=live-match.e2e.example");
  await feed.expectLive();
  const outside = await make.capture(iphone, "https://live-other.e2e.example/x");
  const inside = await make.capture(iphone, "https://live-match.e2e.example/y");
  await expect(feed.row(inside)).toBeVisible({ timeout: 2000 });
  await expect(feed.row(outside)).toHaveCount(0);
  await expect(feed.rows()).toHaveCount(1);
});

test("searching for a host narrows the list and the total, and the URL keeps it across a reload", async ({
  page,
  stack,
  db,
  signIn,
  feed,
}) => {
  await signIn(stack.admin);
  await feed.open();
  const expected = await count(db, "SELECT count(*) AS n FROM public.entries WHERE url ILIKE '%api.stripe.com%'");
  expect(expected).toBeGreaterThan(0);

  await feed.search("api.stripe.com");
  await expect(page).toHaveURL(/[?&]q=api\.stripe\.com/);
  await feed.expectTotal(expected);
  // The total and the list are two queries: wait for the list's own answer too.
  await expect(feed.rows().first().locator("span:nth-child(5)")).toHaveText("api.stripe.com");
  const hosts = await feed.rows().locator("span:nth-child(5)").allTextContents();
  expect(hosts.length).toBeGreaterThan(0);
  expect(hosts.every((h) => h === "api.stripe.com")).toBe(true);

  await page.reload();
  await expect(page.getByTestId("feed-search")).toHaveValue("api.stripe.com");
  await feed.expectTotal(expected);
});

test("an opened capture shows headers and a JSON body, and its cURL with placeholders holds no secret", async ({
  page,
  stack,
  db,
  signIn,
  feed,
}) => {
  // A sign-in request: a JSON body with a password, and a JSON token response.
  const { rows } = await db.query<{
    id: string;
    payload: { request: { headers: { name: string; value: string }[]; body: { content: string } } };
  }>(
    `SELECT id, payload FROM public.entries
     WHERE path = '/v2/auth/login' AND payload #>> '{request,body,content}' LIKE '%"password"%' AND status = 200
     ORDER BY id DESC LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  const { id, payload } = rows[0];
  const secrets = [
    (JSON.parse(payload.request.body.content) as { password: string }).password,
    ...payload.request.headers
      .filter((h) => /^(authorization|cookie|x-api-key)$/i.test(h.name))
      .map((h) => h.value.replace(/^Bearer /, "")),
  ];

  await signIn(stack.admin, "/feed");
  await page.goto(`/feed?entry=${id}`);
  await expect(feed.detail()).toBeVisible();
  await expect(
    feed
      .detail()
      .getByRole("rowheader", { name: /content-type/i })
      .first(),
  ).toBeVisible();
  await expect(feed.detail().getByTestId("json-tree").first()).toContainText('"password"');

  await feed.detail().getByTestId("header-search").fill("content-type");
  await expect(feed.detail().getByRole("region", { name: "Request headers" }).getByRole("rowheader")).toHaveText([
    /content-type/i,
  ]);

  const command = (await feed.curlCommand().textContent()) ?? "";
  expect(command).toContain("curl 'https://");
  for (const secret of secrets) expect(command).not.toContain(secret);
  expect(command).toContain('"$PASSWORD"');

  await feed.openTab("Response");
  await expect(feed.detail().getByTestId("json-tree")).toContainText('"access_token"');
});

test("member A sees only A's devices and captures", async ({ page, signIn, make, feed }) => {
  const a = await make.person("member-a");
  const b = await make.person("member-b");
  const deviceA = await make.device(a.id, "A's phone");
  const deviceB = await make.device(b.id, "B's phone");
  for (let i = 0; i < 3; i++) await make.capture(deviceA, `https://a-only.e2e.example/item/${i}`);
  for (let i = 0; i < 2; i++) await make.capture(deviceB, `https://b-only.e2e.example/item/${i}`);

  await signIn(a);
  await feed.expectTotal(3);
  await expect(feed.rows()).toHaveCount(3);
  for (const text of await feed.rows().allTextContents()) {
    expect(text).toContain("A's phone");
    expect(text).toContain("a-only.e2e.example");
  }
  await page.goto("/devices");
  await expect(page.getByTestId("devices-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.locator(`tr[data-device="${deviceA}"]`)).toBeVisible();
  await expect(page.locator(`tr[data-device="${deviceB}"]`)).toHaveCount(0);
});

test("a member's device in no workspace shows its captures live on the All view; another member's do not", async ({
  db,
  signIn,
  make,
  feed,
}) => {
  const a = await make.person("member-live-a");
  const b = await make.person("member-live-b");
  const deviceA = await make.device(a.id, "A's new tablet");
  const deviceB = await make.device(b.id, "B's new tablet");
  const inWorkspace = await db.query("SELECT 1 FROM public.workspace_devices WHERE device_uuid = ANY($1::uuid[])", [
    [deviceA, deviceB],
  ]);
  expect(inWorkspace.rowCount).toBe(0);

  await signIn(a);
  await feed.expectLive();
  const theirs = await make.capture(deviceB, "https://live-owner.e2e.example/b");
  const mine = await make.capture(deviceA, "https://live-owner.e2e.example/a");
  await expect(feed.rows().first()).toHaveAttribute("data-entry-id", String(mine), { timeout: 2000 });
  await expect(feed.row(theirs)).toHaveCount(0);
  await feed.expectTotal(1);
});
