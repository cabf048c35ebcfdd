import { test as base, expect } from "@playwright/test";
import type pg from "pg";
import { captureAsDevice, heartbeat, newDevice, newPerson, type E2ePerson } from "./support/factories";
import { ownerPool, stackData, type StackData } from "./support/stack";
import { DevicesPage } from "./pages/devices-page";
import { FeedPage } from "./pages/feed-page";
import { SignInPage } from "./pages/sign-in-page";

/** Makes a story's data against the running stack (see support/factories.ts). */
export interface Make {
  person(label: string): Promise<E2ePerson>;
  device(ownerId: string, name: string, options?: { heartbeatAgo?: string }): Promise<string>;
  capture(deviceUuid: string, url: string, options?: { method?: string; status?: number }): Promise<number>;
  heartbeat(deviceUuid: string): Promise<void>;
}

interface TestFixtures {
  /** Signs `who` in through /sign-in and waits to land on `next`. */
  signIn(who: { email: string; password: string }, next?: string): Promise<void>;
  make: Make;
  feed: FeedPage;
  devices: DevicesPage;
}

interface WorkerFixtures {
  stack: StackData;
  /** The database owner (bypasses RLS): setup, and the numbers the UI must agree with. */
  db: pg.Pool;
}

/**
 * The specs' world: the stack e2e/global-setup.ts started, its database, data factories and
 * the page objects (which only find and act). A spec reads as the user's story.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Playwright requires the (empty) destructuring.
  stack: [async ({}, provide) => provide(stackData()), { scope: "worker" }],
  db: [
    async ({ stack }, provide) => {
      const pool = ownerPool(stack);
      await provide(pool);
      await pool.end();
    },
    { scope: "worker" },
  ],
  signIn: async ({ page }, provide) => {
    await provide(async (who, next = "/feed") => {
      const signIn = new SignInPage(page);
      await signIn.open(next);
      await signIn.signIn(who.email, who.password);
      await page.waitForURL((url) => url.pathname === next);
    });
  },
  make: async ({ stack, db }, provide) => {
    await provide({
      person: (label) => newPerson(db, label),
      device: (ownerId, name, options) => newDevice(db, ownerId, name, options),
      capture: (deviceUuid, url, options) => captureAsDevice(stack, db, deviceUuid, url, options),
      heartbeat: (deviceUuid) => heartbeat(stack, deviceUuid),
    });
  },
  feed: async ({ page }, provide) => provide(new FeedPage(page)),
  devices: async ({ page }, provide) => provide(new DevicesPage(page)),
});

export { expect };
