import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HarEntry } from "@/lib/capture/har";
import { withClaims } from "@/lib/db/with-claims";
import { AppError } from "@/lib/errors";
import { callerOf, createRoleWith, run, startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { importHar, type ImportReport } from "./import";
import { byUrl, expectedAfterRoundTrip } from "./round-trip";

/** The dashboard's HAR import (importHar as a person, in one transaction) and export (export_entries). */

let db: OperationsDb;
let member: Person;
let other: Person;
let device: string;
let othersDevice: string;

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

/** A body as the route receives it, in small chunks so entries straddle them. */
function bodyOf(text: string, chunk = 97): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += chunk)));
    },
  });
}

const importAs = (person: Person, deviceUuid: string, text: string) =>
  withClaims(db.pool, callerOf(person).claims, (client) =>
    importHar(client, { device: deviceUuid, source: "proxy", body: bodyOf(text) }),
  );

const rowsOf = async (deviceUuid: string) =>
  Number(
    (await db.owner.query("SELECT count(*) AS n FROM public.entries WHERE device_uuid = $1", [deviceUuid])).rows[0].n,
  );

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  db = await startOperationsDb();
  await createPerson(db.owner, "admin@example.com");
  member = await createPerson(db.owner, "har@example.com", "member");
  other = await createPerson(db.owner, "other@example.com", "member");
  device = await createDevice(db.owner, member, "laptop");
  othersDevice = await createDevice(db.owner, other, "theirs");
});
afterAll(async () => db?.stop());

describe("HAR import from the dashboard", () => {
  it("imports a Chrome HAR into the chosen device; the same file again stores nothing new", async () => {
    const report = await importAs(member, device, fixture("chrome.har"));
    expect(report).toEqual<ImportReport>({
      entries: 3,
      imported: 3,
      stored: 3,
      skipped: [],
      skipped_more: 0,
      mended: expect.any(Object),
    });
    expect(await rowsOf(device)).toBe(3);
    expect((await importAs(member, device, fixture("chrome.har"))).stored).toBe(0);
    expect(await rowsOf(device)).toBe(3);
  });

  it("exports them again with export_entries: every HAR field survives the round trip", async () => {
    const page = await run<{ items: { har: HarEntry }[]; next_cursor: string | null }>(
      db,
      "export_entries",
      { device_uuids: [device], limit: 2 },
      callerOf(member),
    );
    expect(page.items).toHaveLength(2);
    const rest = await run<{ items: { har: HarEntry }[]; next_cursor: string | null }>(
      db,
      "export_entries",
      { device_uuids: [device], limit: 2, cursor: page.next_cursor },
      callerOf(member),
    );
    expect(rest.next_cursor).toBeNull();
    const back = [...page.items, ...rest.items].map((item) => item.har);
    const original = JSON.parse(fixture("chrome.har")).log.entries as HarEntry[];
    expect(byUrl(back)).toEqual(expectedAfterRoundTrip(original));
    // Another member sees none of it.
    const theirs = await run<{ items: unknown[] }>(db, "export_entries", { device_uuids: [device] }, callerOf(other));
    expect(theirs.items).toEqual([]);
  });

  it("reports a messy HAR's mended and skipped entries with their reasons", async () => {
    const report = await importAs(member, device, fixture("messy.har"));
    expect(report).toMatchObject({ entries: 6, imported: 3 });
    expect(report.skipped).toEqual([
      { index: 3, reason: "not an http(s) URL (data:image/png;base64,AAAA)" },
      { index: 4, reason: "response status 700 is not an HTTP status" },
      { index: 5, reason: "not an object" },
    ]);
    expect(report.mended["NUL in a text body kept as base64"]).toBe(1);
  });

  it("refuses a file that is not a HAR, or is cut short, naming the problem, and writes nothing of it", async () => {
    const before = await rowsOf(device);
    // Long enough that a first batch of 500 is inserted before the reader finds the cut.
    const chrome = JSON.parse(fixture("chrome.har"));
    const [first] = chrome.log.entries;
    chrome.log.entries = Array.from({ length: 620 }, (_, i) => ({
      ...first,
      request: { ...first.request, url: `https://shop.example/api/items?copy=${i}` },
    }));
    const whole = JSON.stringify(chrome);
    const cut = await refusal(importAs(member, device, whole.slice(0, whole.length - 40)));
    expect(cut).toMatchObject({ code: "VALIDATION_FAILED", field: "file" });
    expect(cut.message).toBe("file: The upload ends inside log.entries: the file is cut short (619 entries read).");
    expect(await rowsOf(device)).toBe(before);
    expect((await refusal(importAs(member, device, "PK\u0003\u0004 a zip"))).message).toBe(
      "file: The upload is not a HAR file: it does not start with a JSON object.",
    );
    expect((await refusal(importAs(member, device, '{"log":{"pages":[]}}'))).message).toBe(
      "file: The upload is not a HAR file: it has no log.entries array.",
    );
    expect(await rowsOf(device)).toBe(before);
  });

  it("refuses another person's device as not found, and a role without entries:edit", async () => {
    expect((await refusal(importAs(member, othersDevice, fixture("chrome.har")))).code).toBe("NOT_FOUND");
    await createRoleWith(db.owner, "har-viewer", ["entries:view", "devices:view"]);
    const viewer = await createPerson(db.owner, "viewer@example.com", "har-viewer");
    const viewersDevice = await createDevice(db.owner, viewer, "viewer's");
    expect((await refusal(importAs(viewer, viewersDevice, fixture("chrome.har")))).code).toBe("FORBIDDEN");
    expect(await rowsOf(othersDevice)).toBe(0);
    expect(await rowsOf(viewersDevice)).toBe(0);
  });
});
