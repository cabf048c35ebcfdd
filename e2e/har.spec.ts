import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HarEntry } from "@/lib/capture/har";
import { byUrl, expectedAfterRoundTrip } from "@/lib/har/round-trip";
import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { docScreenshot } from "./support/screenshots";

/**
 * HAR in the dashboard against the real stack: a Chrome export goes in through the feed's
 * import dialog into a chosen device, its captures show in the feed, and the feed's Export HAR
 * of the same filter gives the file back; a broken file is refused with nothing written.
 */
const suffix = () => Math.random().toString(36).slice(2, 8);
const chrome = readFileSync(path.join(import.meta.dirname, "..", "lib", "har", "fixtures", "chrome.har"), "utf8");

test("a Chrome HAR imported into a device shows in the feed, and Export HAR gives it back", async ({
  page,
  db,
  signIn,
  make,
  feed,
}) => {
  test.setTimeout(60_000);
  const s = suffix();
  const person = await make.person("har");
  const deviceName = `har-phone-${s}`;
  const device = await make.device(person.id, deviceName);
  // The fixture's hosts made unique to this run, so the feed's filter selects exactly its entries.
  const text = chrome
    .replaceAll("shop.example", `shop-${s}.example`)
    .replaceAll("tracker.example", `tracker-${s}.example`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "busymate-har-e2e-"));
  const file = path.join(dir, "chrome.har");
  writeFileSync(file, text);
  const broken = path.join(dir, "broken.har");
  writeFileSync(broken, text.slice(0, text.length - 30));
  const stored = async () =>
    Number((await db.query("SELECT count(*) AS n FROM public.entries WHERE device_uuid = $1", [device])).rows[0].n);

  await signIn(person, "/feed");
  await feed.expectLive();

  await feed.importHar(deviceName, broken);
  await expect(feed.importDialog().getByRole("alert")).toContainText("ends inside log.entries: the file is cut short");
  expect(await stored()).toBe(0);
  await expectAccessible(page);

  await feed.chooseImportFile(file);
  await feed.importDialog().getByRole("button", { name: "Import", exact: true }).click();
  await expect(feed.importDialog().getByTestId("import-report")).toContainText("Imported 3 of 3 entries");
  expect(await stored()).toBe(3);
  await docScreenshot(page, "har-import");
  await feed.closeImport();

  await expect(feed.rows()).toHaveCount(3);
  await expect(feed.list()).toContainText(`shop-${s}.example`);
  await feed.search(s);
  await feed.expectTotal(3);

  const downloaded = JSON.parse(readFileSync(await feed.exportHar(), "utf8")) as { log: { entries: HarEntry[] } };
  expect(downloaded.log.entries).toHaveLength(3);
  expect(byUrl(downloaded.log.entries)).toEqual(expectedAfterRoundTrip(JSON.parse(text).log.entries));
});
