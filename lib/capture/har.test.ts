import { describe, expect, it } from "vitest";
import { createEntryGenerator } from "@/lib/generator";
import { fromHarEntry, toHarEntry, type HarEntry } from "@/lib/capture/har";
import { trafficLogEntrySchema } from "@/lib/capture/traffic-log-entry";

/** Shaped like a Chrome DevTools export of a form post answered with a PNG. */
const harEntry: HarEntry = {
  pageref: "page_2",
  startedDateTime: "2026-11-03T09:14:07.512+01:00",
  time: 184.73,
  request: {
    method: "POST",
    url: "https://www.acme-shop.com/account/avatar?size=large&size=2x&utm_source=app%20banner",
    httpVersion: "http/1.1",
    cookies: [
      {
        name: "session",
        value: "kq8dXr2",
        path: "/",
        domain: ".acme-shop.com",
        expires: "2026-11-17T08:14:07.000Z",
        httpOnly: true,
        secure: true,
        sameSite: "Lax",
      },
      { name: "_ga", value: "GA1.1.802413209.1793491238", comment: "analytics" },
    ],
    headers: [
      { name: "Host", value: "www.acme-shop.com" },
      { name: "Content-Type", value: "application/x-www-form-urlencoded" },
      { name: "Cookie", value: "session=kq8dXr2" },
      { name: "Cookie", value: "_ga=GA1.1.802413209.1793491238" },
      { name: "Accept", value: "*/*", comment: "sent twice below" },
      { name: "Accept", value: "image/png" },
    ],
    queryString: [
      { name: "size", value: "large" },
      { name: "size", value: "2x" },
      { name: "utm_source", value: "app banner" },
    ],
    postData: {
      mimeType: "application/x-www-form-urlencoded",
      text: "name=Mia+K%C3%B6nig&avatar=me.png&crop=",
      params: [
        { name: "name", value: "Mia König" },
        { name: "avatar", fileName: "me.png", contentType: "image/png" },
        { name: "crop", value: "" },
      ],
      comment: "form post",
    },
    headersSize: 412,
    bodySize: 39,
    comment: "upload",
  },
  response: {
    status: 201,
    statusText: "Created",
    httpVersion: "http/1.1",
    cookies: [{ name: "avatar_v", value: "7", path: "/account", expires: "2027-11-03T08:14:07.000Z", secure: true }],
    headers: [
      { name: "Content-Type", value: "image/png" },
      { name: "Set-Cookie", value: "avatar_v=7; Path=/account; Expires=Wed, 03 Nov 2027 08:14:07 GMT; Secure" },
      { name: "Server", value: "nginx" },
    ],
    content: {
      size: 68,
      compression: 0,
      mimeType: "image/png",
      text: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      encoding: "base64",
      comment: "1×1 PNG",
    },
    redirectURL: "",
    headersSize: 187,
    bodySize: 68,
    comment: "created",
  },
  cache: {
    beforeRequest: null,
    afterRequest: {
      expires: "2026-11-04T08:14:07.000Z",
      lastAccess: "2026-11-03T08:14:07.000Z",
      eTag: '"a1"',
      hitCount: 0,
    },
  },
  timings: {
    blocked: 1.214,
    dns: -1,
    connect: -1,
    send: 0.118,
    wait: 179.9,
    receive: 3.498,
    ssl: -1,
    comment: "reused connection",
  },
  serverIPAddress: "[2a05:d014:8f2:4a00::17]",
  connection: "48211",
  comment: "avatar upload",
};

describe("HAR conversion", () => {
  it("round-trips a HAR entry losslessly", () => {
    const entry = fromHarEntry(harEntry, { source: "cdp" });
    expect(trafficLogEntrySchema.safeParse(entry).error?.issues ?? []).toEqual([]);
    expect(toHarEntry(entry)).toStrictEqual(harEntry);
  });

  it("maps HAR fields onto the entry", () => {
    const entry = fromHarEntry(harEntry, { source: "cdp" });
    expect(entry).toMatchObject({
      startedAt: "2026-11-03T09:14:07.512+01:00",
      source: "cdp",
      durationMs: 184.73,
      serverIp: "[2a05:d014:8f2:4a00::17]",
      connection: "48211",
      request: {
        body: { encoding: "text", size: 39, truncated: false, mimeType: "application/x-www-form-urlencoded" },
      },
      response: { status: 201, body: { encoding: "base64", size: 68, truncated: false, mimeType: "image/png" } },
    });
  });

  it("keeps the difference between text left out and empty text", () => {
    const spec: HarEntry = {
      ...harEntry,
      // HAR 1.2: params and text are mutually exclusive, so a strict exporter leaves text out.
      request: {
        ...harEntry.request,
        postData: { mimeType: "multipart/form-data", params: [{ name: "avatar", fileName: "me.png" }] },
      },
      response: { ...harEntry.response, content: { size: 5120, mimeType: "image/png" } },
    };
    const entry = fromHarEntry(spec, { source: "proxy" });
    expect(entry.request.body).toMatchObject({ content: "", truncated: true });
    expect(entry.response?.body).toMatchObject({ content: "", truncated: true, size: 5120 });
    expect(toHarEntry(entry)).toStrictEqual(spec);

    const empty: HarEntry = {
      ...harEntry,
      response: { ...harEntry.response, content: { size: 0, mimeType: "text/plain", text: "" } },
    };
    expect(toHarEntry(fromHarEntry(empty, { source: "proxy" }))).toStrictEqual(empty);
  });

  it("flags content shorter than its stated size as truncated", () => {
    const cut: HarEntry = {
      ...harEntry,
      response: { ...harEntry.response, content: { size: 90_000, mimeType: "application/json", text: '{"items":[' } },
    };
    const entry = fromHarEntry(cut, { source: "cdp" });
    expect(entry.response?.body).toMatchObject({ truncated: true, size: 90_000 });
    expect(toHarEntry(entry)).toStrictEqual(cut);
  });

  it("turns a request that got no response into an error, and back", () => {
    const failed: HarEntry = {
      ...harEntry,
      response: {
        status: 0,
        statusText: "",
        httpVersion: "",
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: "x-unknown" },
        redirectURL: "",
        headersSize: -1,
        bodySize: -1,
        _error: "net::ERR_NAME_NOT_RESOLVED",
      },
    };
    const entry = fromHarEntry(failed, { source: "cdp" });
    expect(entry.response).toBeUndefined();
    expect(entry.error).toEqual({ code: "ERR_NAME_NOT_RESOLVED", message: "net::ERR_NAME_NOT_RESOLVED" });
    expect(trafficLogEntrySchema.safeParse(entry).success).toBe(true);
    expect(toHarEntry(entry)).toStrictEqual(failed);
  });

  it("treats Chrome's null cookie expiry as a session cookie", () => {
    const chrome: HarEntry = {
      ...harEntry,
      request: {
        ...harEntry.request,
        cookies: [{ name: "s", value: "1", expires: null, httpOnly: false, secure: false }],
      },
    };
    expect(fromHarEntry(chrome, { source: "cdp" }).request.cookies).toEqual([
      { name: "s", value: "1", httpOnly: false, secure: false },
    ]);
  });

  it("corrects startedAt by the device clock's offset", () => {
    const entry = fromHarEntry(harEntry, { source: "vpn", deviceClock: { offsetMs: 90_000 } });
    expect(entry.startedAt).toBe("2026-11-03T08:12:37.512Z");
    expect(fromHarEntry(harEntry, { source: "vpn", deviceClock: { offsetMs: 0 } }).startedAt).toBe(
      harEntry.startedDateTime,
    );
  });

  it("exports entries without HAR-only fields with HAR's defaults", () => {
    const generator = createEntryGenerator({
      seed: 3,
      devices: [
        { uuid: "d1", source: "vpn" },
        { uuid: "d2", source: "cdp" },
      ],
      start: new Date("2026-11-01T00:00:00Z"),
      end: new Date("2026-11-02T00:00:00Z"),
      count: 300,
    });
    for (let i = 0; i < 300; i++) {
      const { payload } = generator.next();
      const har = toHarEntry(payload);
      expect(har.request.queryString).toEqual(
        [...new URL(payload.request.url).searchParams].map(([name, value]) => ({ name, value })),
      );
      expect(har.request.cookies).toEqual(payload.request.cookies ?? []);
      expect(har.response.status).toBe(payload.response?.status ?? 0);
      expect(har.time).toBe(payload.durationMs);
      const back = fromHarEntry(har, { source: payload.source });
      expect(trafficLogEntrySchema.safeParse(back).error?.issues ?? []).toEqual([]);
      expect(back.request.headers).toEqual(payload.request.headers);
      // HAR always has content; a response without a body comes back as an empty one.
      if (payload.response) expect(back.response?.body?.content).toBe(payload.response.body?.content ?? "");
      expect(back.error?.message).toBe(payload.error?.message);
    }
  });
});
