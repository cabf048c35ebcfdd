import { expect, test } from "@playwright/test";
import type pg from "pg";
import { DevicesPage, heartbeat } from "./pages/devices-page";
import {
  captureAsDevice,
  createDevice,
  FeedPage,
  ownerPool,
  signIn,
  stackData,
  type StackData,
} from "./pages/feed-page";

/** The device fleet against the real stack: inline rename reaching the feed, heartbeats live. */
let stack: StackData;
let db: pg.Pool;
let adminId: string;

test.beforeAll(async () => {
  stack = stackData();
  db = ownerPool(stack);
  adminId = (await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [stack.admin.email])).rows[0]
    .id;
});

test.afterAll(async () => {
  await db?.end();
});

test("renaming a device shows the new name in the feed rows of that device", async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const uuid = await createDevice(db, adminId, `e2e-phone-${suffix}`);
  await captureAsDevice(stack, db, uuid, `https://rename.e2e.example/${suffix}`);

  await signIn(page, stack.admin.email, stack.admin.password, "/devices");
  const devices = new DevicesPage(page);
  await devices.rename(uuid, `e2e-phone-${suffix}`, `Renamed phone ${suffix}`);

  const feed = new FeedPage(page);
  await feed.open(`?devices=${uuid}`);
  await expect(feed.rows()).toHaveCount(1);
  await expect(feed.rows().first()).toContainText(`Renamed phone ${suffix}`);
});

test("a device's heartbeat flips it online on an open devices page within 2 s", async ({ page }) => {
  const uuid = await createDevice(db, adminId, `sleepy-${Math.random().toString(36).slice(2, 8)}`, {
    heartbeatAgo: "10 minutes",
  });
  await signIn(page, stack.admin.email, stack.admin.password, "/devices");
  const devices = new DevicesPage(page);
  await expect(devices.onlineState(uuid)).toHaveAttribute("data-online", "false");
  await devices.expectLive();
  await heartbeat(stack, uuid);
  await expect(devices.onlineState(uuid)).toHaveAttribute("data-online", "true", { timeout: 2000 });
});
