import { describe, expect, it } from "vitest";
import { createEntryGenerator } from "@/lib/generator";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  trafficLogEntrySchema,
  truncateBody,
  type TrafficLogEntry,
} from "@/lib/capture/traffic-log-entry";

const fullEntry: TrafficLogEntry = {
  id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  startedAt: "2026-11-03T09:14:07.512+01:00",
  source: "vpn",
  request: {
    method: "POST",
    url: "https://api.acme-shop.com/v2/auth/login?client=ios&client=watch",
    httpVersion: "HTTP/2.0",
    headers: [
      { name: "user-agent", value: "AcmeShop/4120 CFNetwork/3860.100.1 Darwin/25.1.0" },
      { name: "cookie", value: "a=1" },
      { name: "cookie", value: "b=2", comment: "a duplicate, kept in order" },
    ],
    queryString: [
      { name: "client", value: "ios" },
      { name: "client", value: "watch" },
    ],
    cookies: [
      { name: "a", value: "1" },
      {
        name: "b",
        value: "2",
        path: "/",
        domain: ".acme-shop.com",
        expires: "2026-12-01T00:00:00.000Z",
        httpOnly: true,
        secure: true,
        sameSite: "Lax",
      },
    ],
    headersSize: -1,
    bodySize: 29,
    body: {
      encoding: "text",
      content: "email=a%40b.example&password=x",
      size: 29,
      mimeType: "application/x-www-form-urlencoded",
      truncated: false,
      params: [
        { name: "email", value: "a@b.example" },
        { name: "avatar", fileName: "me.png", contentType: "image/png" },
      ],
    },
    comment: "login",
  },
  response: {
    status: 200,
    statusText: "OK",
    httpVersion: "HTTP/2.0",
    headers: [{ name: "content-type", value: "image/png" }],
    cookies: [{ name: "session", value: "s1", httpOnly: true }],
    redirectURL: "",
    headersSize: 120,
    bodySize: 2_000_000,
    body: {
      encoding: "base64",
      content: "iVBORw0KGgo=",
      size: 2_000_000,
      mimeType: "image/png",
      truncated: true,
      compression: 0,
      comment: "preview only",
    },
  },
  timings: {
    blocked: 0.4,
    dns: -1,
    connect: 32.1,
    ssl: 20.5,
    send: 0.2,
    wait: 88.9,
    receive: 12,
    comment: "fresh connection",
  },
  durationMs: 133.6,
  tls: {
    version: "TLSv1.3",
    cipher: "TLS_AES_128_GCM_SHA256",
    serverName: "api.acme-shop.com",
    alpn: "h2",
    certificate: {
      subject: "CN=*.acme-shop.com",
      issuer: "CN=R11, O=Let's Encrypt, C=US",
      validFrom: "2026-09-01T00:00:00Z",
      validTo: "2026-11-30T00:00:00Z",
      fingerprintSha256: "AB:CD",
    },
  },
  client: {
    ip: "10.8.0.2",
    port: 51_234,
    processName: "AcmeShop",
    bundleId: "com.acme.shop",
    userAgent: "AcmeShop/4120",
  },
  serverIp: "54.93.10.7",
  connection: "48211",
  cache: {
    beforeRequest: null,
    afterRequest: { expires: "2026-11-04T00:00:00Z", lastAccess: "2026-11-03T08:14:07Z", eTag: "", hitCount: 0 },
  },
  pageref: "page_1",
  comment: "everything set",
};

const issuesOf = (value: unknown) => trafficLogEntrySchema.safeParse(value).error?.issues ?? [];
const paths = (value: unknown) => issuesOf(value).map((issue) => issue.path.join("."));

describe("trafficLogEntrySchema", () => {
  it("accepts an entry with every field set, unchanged", () => {
    expect(trafficLogEntrySchema.parse(fullEntry)).toStrictEqual(fullEntry);
  });

  it("accepts every generated entry", () => {
    const generator = createEntryGenerator({
      seed: 7,
      devices: (["vpn", "pac", "cdp", "proxy", "cli"] as const).map((source, i) => ({
        uuid: `00000000-0000-4000-8000-00000000000${i}`,
        source,
      })),
      start: new Date("2026-11-01T00:00:00Z"),
      end: new Date("2026-11-08T00:00:00Z"),
      count: 2000,
    });
    for (let i = 0; i < 2000; i++) {
      const { payload } = generator.next();
      expect(issuesOf(payload), payload.request.url).toEqual([]);
    }
  });

  it("fills the timings HAR requires", () => {
    const parsed = trafficLogEntrySchema.parse({ ...fullEntry, timings: { dns: 3 } });
    expect(parsed.timings).toEqual({ dns: 3, send: 0, wait: 0, receive: 0 });
  });

  it("rejects a missing request, naming it", () => {
    const { request: _request, ...withoutRequest } = fullEntry;
    expect(paths(withoutRequest)).toContain("request");
  });

  it("rejects wrong types and values, naming the field", () => {
    expect(paths({ ...fullEntry, startedAt: "yesterday" })).toEqual(["startedAt"]);
    expect(paths({ ...fullEntry, source: "wifi" })).toEqual(["source"]);
    expect(paths({ ...fullEntry, request: { ...fullEntry.request, method: "get" } })).toEqual(["request.method"]);
    expect(paths({ ...fullEntry, request: { ...fullEntry.request, url: "ftp://files.example/a" } })).toEqual([
      "request.url",
    ]);
    expect(paths({ ...fullEntry, request: { ...fullEntry.request, url: "/v1/cart" } })).toEqual(["request.url"]);
    expect(paths({ ...fullEntry, request: { ...fullEntry.request, headers: [{ name: "accept", value: 1 }] } })).toEqual(
      ["request.headers.0.value"],
    );
    expect(paths({ ...fullEntry, response: { ...fullEntry.response!, status: "200" } })).toEqual(["response.status"]);
    expect(paths({ ...fullEntry, response: { ...fullEntry.response!, status: 600 } })).toEqual(["response.status"]);
    expect(
      paths({ ...fullEntry, response: { ...fullEntry.response!, body: { ...fullEntry.response!.body!, size: -1 } } }),
    ).toEqual(["response.body.size"]);
    expect(paths({ ...fullEntry, durationMs: -5 })).toEqual(["durationMs"]);
    expect(paths({ ...fullEntry, timings: { ...fullEntry.timings, wait: -2 } })).toEqual(["timings.wait"]);
  });

  it("rejects unknown keys at the top, request and response level, naming them", () => {
    const unknownKeys = (value: unknown) =>
      issuesOf(value).map((issue) => ({ path: issue.path.join("."), keys: "keys" in issue ? issue.keys : undefined }));
    expect(unknownKeys({ ...fullEntry, statsu: 200 })).toEqual([{ path: "", keys: ["statsu"] }]);
    expect(unknownKeys({ ...fullEntry, request: { ...fullEntry.request, header: [] } })).toEqual([
      { path: "request", keys: ["header"] },
    ]);
    expect(unknownKeys({ ...fullEntry, response: { ...fullEntry.response!, redirectUrl: "" } })).toEqual([
      { path: "response", keys: ["redirectUrl"] },
    ]);
    expect(issuesOf({ ...fullEntry, statsu: 200 })[0].message).toContain("statsu");
  });

  it("allows form params on request bodies only", () => {
    const params = [{ name: "a", value: "1" }];
    expect(
      paths({ ...fullEntry, response: { ...fullEntry.response!, body: { ...fullEntry.response!.body!, params } } }),
    ).toEqual(["response.body"]);
  });

  it("requires a response unless the capture failed with an error", () => {
    const { response: _response, ...withoutResponse } = fullEntry;
    expect(issuesOf(withoutResponse)).toMatchObject([
      { path: ["response"], message: "response is required unless error is set" },
    ]);
    expect(
      issuesOf({
        ...withoutResponse,
        error: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND api.acme-shop.com" },
      }),
    ).toEqual([]);
    expect(paths({ ...withoutResponse, error: { code: "", message: "x" } })).toContain("error.code");
  });
});

describe("truncateBody", () => {
  const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

  it("cuts text to the limit without splitting a character, keeping the original size", () => {
    // 1-, 2-, 3- and 4-byte characters, so every limit lands inside some character.
    const content = "aé€😀".repeat(50);
    const size = utf8(content);
    for (let limit = 0; limit < 60; limit++) {
      const cut = truncateBody({ encoding: "text", content, size, truncated: false }, limit);
      expect(utf8(cut.content)).toBeLessThanOrEqual(limit);
      expect(content.startsWith(cut.content)).toBe(true);
      // Nothing more would have fit: the next character crosses the limit.
      const nextCharacter = String.fromCodePoint(content.codePointAt(cut.content.length)!);
      expect(utf8(cut.content) + utf8(nextCharacter)).toBeGreaterThan(limit);
      expect(cut).toMatchObject({ size, truncated: true, encoding: "text" });
    }
  });

  it("counts a lone surrogate as the three bytes it is encoded as", () => {
    const cut = truncateBody({ encoding: "text", content: "ab\ud800cd", size: 7, truncated: false }, 4);
    expect(cut.content).toBe("ab");
    expect(truncateBody({ encoding: "text", content: "ab\ud800cd", size: 7, truncated: false }, 7).truncated).toBe(
      false,
    );
  });

  it("cuts base64 on a 3-byte boundary of the decoded bytes", () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    for (const limit of [0, 1, 2, 3, 100, 101, 998, 999]) {
      const cut = truncateBody(
        { encoding: "base64", content: bytes.toString("base64"), size: 1000, truncated: false, mimeType: "image/png" },
        limit,
      );
      const decoded = Buffer.from(cut.content, "base64");
      expect(decoded.length).toBe(Math.floor(limit / 3) * 3);
      expect(decoded.equals(bytes.subarray(0, decoded.length))).toBe(true);
      expect(cut.content).not.toContain("=");
      expect(cut).toMatchObject({ size: 1000, truncated: true, mimeType: "image/png" });
    }
  });

  it("measures base64 by its decoded bytes, ignoring padding and line breaks", () => {
    const content = Buffer.from("0123456789").toString("base64"); // 10 bytes, padded
    expect(truncateBody({ encoding: "base64", content, size: 10, truncated: false }, 10).truncated).toBe(false);
    const wrapped = `${content.slice(0, 8)}\r\n${content.slice(8)}`;
    expect(
      Buffer.from(
        truncateBody({ encoding: "base64", content: wrapped, size: 10, truncated: false }, 9).content,
        "base64",
      ).toString(),
    ).toBe("012345678");
  });

  it("returns a body within the limit as it is, and uses 1 MiB by default", () => {
    const body = {
      encoding: "text" as const,
      content: "é".repeat(DEFAULT_BODY_LIMIT_BYTES / 2),
      size: DEFAULT_BODY_LIMIT_BYTES,
      truncated: false,
    };
    expect(truncateBody(body)).toBe(body);
    const over = truncateBody({ ...body, content: `${body.content}x`, size: DEFAULT_BODY_LIMIT_BYTES + 1 });
    expect(over).toMatchObject({ truncated: true, size: DEFAULT_BODY_LIMIT_BYTES + 1 });
    expect(utf8(over.content)).toBe(DEFAULT_BODY_LIMIT_BYTES);
  });

  it("keeps a body that was already truncated flagged", () => {
    const body = { encoding: "text" as const, content: "abc", size: 900, truncated: true };
    expect(truncateBody(body, 10)).toBe(body);
    expect(truncateBody(body, 2)).toEqual({ ...body, content: "ab" });
  });
});
