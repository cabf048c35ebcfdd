import { describe, expect, it } from "vitest";
import { createEntryGenerator } from "@/lib/capture/generator";
import { trafficLogEntrySchema, truncateBody } from "@/lib/capture/traffic-log-entry";

const devices = [
  { uuid: "11111111-1111-4111-8111-111111111111", source: "vpn" as const },
  { uuid: "22222222-2222-4222-8222-222222222222", source: "proxy" as const },
  { uuid: "33333333-3333-4333-8333-333333333333", source: "cli" as const },
];
const start = new Date("2026-11-01T00:00:00Z");
const end = new Date("2026-11-08T00:00:00Z");
const generate = (seed: number, count: number) => {
  const generator = createEntryGenerator({ seed, devices, start, end, count });
  return Array.from({ length: count }, () => generator.next());
};

describe("TrafficLogEntry", () => {
  it("accepts every generated entry", () => {
    for (const { payload } of generate(7, 2000)) {
      const result = trafficLogEntrySchema.safeParse(payload);
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it("names the field that is missing, wrong or unknown", () => {
    const [{ payload }] = generate(1, 1);
    const issuePaths = (value: unknown) => trafficLogEntrySchema.safeParse(value).error?.issues.map((issue) => issue.path.join(".") || issue.message);
    const { request: _request, ...noRequest } = payload;
    expect(issuePaths(noRequest)).toContain("request");
    expect(issuePaths({ ...payload, request: { ...payload.request, method: "get" } })).toContain("request.method");
    expect(issuePaths({ ...payload, request: { ...payload.request, url: "ftp://x.example/" } })).toContain("request.url");
    expect(issuePaths({ ...payload, surprise: true })).toEqual([expect.stringContaining("surprise")]);
  });

  it("requires a response unless the capture failed with an error", () => {
    const [{ payload }] = generate(2, 1);
    const { response: _response, error: _error, ...bare } = payload;
    expect(trafficLogEntrySchema.safeParse(bare).error?.issues[0]).toMatchObject({ path: ["response"], message: "response is required unless error is set" });
    expect(trafficLogEntrySchema.safeParse({ ...bare, error: { code: "ETIMEDOUT", message: "timed out" } }).success).toBe(true);
  });
});

describe("truncateBody", () => {
  it("keeps text within the limit without splitting a character, flagging it and keeping the size", () => {
    const content = "héllo wörld — ünïcode ".repeat(100);
    const size = Buffer.byteLength(content);
    for (const limit of [1, 2, 3, 17, 100, 255]) {
      const cut = truncateBody({ encoding: "text", content, size, truncated: false }, limit);
      expect(Buffer.byteLength(cut.content)).toBeLessThanOrEqual(limit);
      expect(content.startsWith(cut.content)).toBe(true);
      expect(cut).toMatchObject({ truncated: true, size });
    }
  });

  it("cuts base64 bodies on decoded bytes", () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const cut = truncateBody({ encoding: "base64", content: bytes.toString("base64"), size: 1000, truncated: false }, 100);
    expect(Buffer.from(cut.content, "base64")).toEqual(bytes.subarray(0, 100));
    expect(cut).toMatchObject({ truncated: true, size: 1000 });
  });

  it("leaves a body within the limit alone", () => {
    const body = { encoding: "text" as const, content: "ok", size: 2, truncated: false };
    expect(truncateBody(body, 10)).toBe(body);
  });
});

describe("entry generator", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(JSON.stringify(generate(42, 50))).toBe(JSON.stringify(generate(42, 50)));
    expect(JSON.stringify(generate(42, 50))).not.toBe(JSON.stringify(generate(43, 50)));
  });

  it("spreads ordered timestamps over the range and uses every device", () => {
    const entries = generate(5, 3000);
    const times = entries.map((entry) => entry.ts.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start.getTime());
    expect(Math.max(...times)).toBeLessThan(end.getTime());
    expect(new Set(entries.map((entry) => entry.deviceUuid))).toEqual(new Set(devices.map((device) => device.uuid)));
    const hosts = new Set(entries.map((entry) => new URL(entry.payload.request.url).host));
    expect(hosts.size).toBeGreaterThan(12);
    expect(entries.some((entry) => entry.payload.error)).toBe(true);
  });
});
