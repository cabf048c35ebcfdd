import { expect, test } from "./fixtures";

/** The device fleet against the real stack: inline rename reaching the feed, heartbeats live. */
let adminId: string;

test.beforeAll(async ({ db, stack }) => {
  adminId = (await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [stack.admin.email])).rows[0]
    .id;
});

test("renaming a device shows the new name in the feed rows of that device", async ({
  stack,
  signIn,
  make,
  feed,
  devices,
}) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const uuid = await make.device(adminId, `e2e-phone-${suffix}`);
  await make.capture(uuid, `https://rename.e2e.example/${suffix}`);

  await signIn(stack.admin, "/devices");
  await devices.rename(uuid, `e2e-phone-${suffix}`, `Renamed phone ${suffix}`);

  await feed.open(`?devices=${uuid}`);
  await expect(feed.rows()).toHaveCount(1);
  await expect(feed.rows().first()).toContainText(`Renamed phone ${suffix}`);
});

test("a device's heartbeat flips it online on an open devices page within 2 s", async ({
  stack,
  signIn,
  make,
  devices,
}) => {
  const uuid = await make.device(adminId, `sleepy-${Math.random().toString(36).slice(2, 8)}`, {
    heartbeatAgo: "10 minutes",
  });
  await signIn(stack.admin, "/devices");
  await expect(devices.onlineState(uuid)).toHaveAttribute("data-online", "false");
  await devices.expectLive();
  await make.heartbeat(uuid);
  await expect(devices.onlineState(uuid)).toHaveAttribute("data-online", "true", { timeout: 2000 });
});
