import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeDir, tempConfigDir } from "@/cli/testing/stack";
import { importId, mendHarEntry } from "./mend";
import { harEntries } from "./stream";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const scratch = tempConfigDir();
afterAll(() => removeDir(scratch));

async function readAll(file: string) {
  const out = [];
  for await (const raw of harEntries(file)) out.push(raw);
  return out;
}

function mendAll(raws: { index: number; text: string }[]) {
  return raws.map((raw) => mendHarEntry(JSON.parse(raw.text), { id: importId(raw.index, raw.text) }));
}

describe("HAR import: reading and mending", () => {
  it("streams log.entries of a Chrome export and reads every entry", async () => {
    const raws = await readAll(fixture("chrome.har"));
    expect(raws.map((raw) => raw.index)).toEqual([0, 1, 2]);
    const [items, cart, blocked] = mendAll(raws);
    if (!("entry" in items) || !("entry" in cart) || !("entry" in blocked)) throw new Error("an entry was skipped");
    expect(items.mended).toEqual(["null values dropped"]);
    expect(items.entry.request.headers[0]).toEqual({ name: ":authority", value: "shop.example" });
    expect(cart.entry.request.headers.filter((h) => h.name === "x-request-id")).toHaveLength(2);
    expect(cart.entry.response?.body).toMatchObject({ encoding: "base64", content: "iVBORw0KGgo=" });
    expect(blocked.entry.error).toEqual({ code: "ERR_BLOCKED_BY_CLIENT", message: "net::ERR_BLOCKED_BY_CLIENT" });
    expect(blocked.entry.serverIp).toBeUndefined();
  });

  it("mends what real exports get wrong and skips, with reasons, what it cannot", async () => {
    const results = mendAll(await readAll(fixture("messy.har")));
    const [legacy, nul, failed, data, odd, notEntry] = results;
    if (!("entry" in legacy) || !("entry" in nul) || !("entry" in failed))
      throw new Error("a mendable entry was skipped");
    expect(legacy.entry.request.method).toBe("GET");
    expect(legacy.entry.startedAt).toBe("2026-11-30T09:00:00.000Z");
    expect(legacy.entry.response).toMatchObject({ statusText: "", body: { content: "héllo", size: 6 } });
    expect(legacy.entry.request.headers).toEqual([
      { name: "accept", value: "" },
      { name: "x-ok", value: "1" },
    ]);
    expect(legacy.mended).toEqual(
      expect.arrayContaining([
        "null values dropped",
        "method upper-cased",
        "startedDateTime made ISO 8601",
        "content.size -1 replaced by the text's size",
        'serverIPAddress "" dropped',
      ]),
    );
    expect(nul.entry.response?.body).toMatchObject({
      encoding: "base64",
      content: Buffer.from("a\0b\0c").toString("base64"),
    });
    expect(failed.entry.error?.code).toBe("NO_RESPONSE");
    expect(failed.mended).toContain("status -1 read as no response");
    expect(data).toEqual({ skipped: "not an http(s) URL (data:image/png;base64,AAAA)" });
    expect(odd).toEqual({ skipped: "response status 700 is not an HTTP status" });
    expect(notEntry).toEqual({ skipped: "not an object" });
  });

  it("gives the same id to the same entry at the same place, so a second import stores nothing new", async () => {
    const [first] = await readAll(fixture("chrome.har"));
    expect(importId(first.index, first.text)).toBe(importId(0, first.text));
    expect(importId(1, first.text)).not.toBe(importId(0, first.text));
  });

  it("refuses files that are not HAR in one clear sentence", async () => {
    const write = (name: string, text: string) => {
      const file = path.join(scratch, name);
      writeFileSync(file, text);
      return file;
    };
    await expect(readAll(write("plain.har", "hello"))).rejects.toThrow(
      /is not a HAR file: it does not start with a JSON object/,
    );
    await expect(readAll(write("other.har", '{"foo":{"entries":[]}}'))).rejects.toThrow(/has no log.entries array/);
    const chrome = (await import("node:fs")).readFileSync(fixture("chrome.har"), "utf8");
    await expect(readAll(write("cut.har", chrome.slice(0, chrome.length / 2)))).rejects.toThrow(
      /ends inside log.entries: the file is cut short \(\d entries read\)/,
    );
  });
});
