import { describe, expect, it } from "vitest";
import { createEntryGenerator, type GeneratorOptions } from "@/lib/generator";

const devices: GeneratorOptions["devices"] = [
  { uuid: "11111111-1111-4111-8111-111111111111", source: "vpn" },
  { uuid: "22222222-2222-4222-8222-222222222222", source: "proxy" },
  { uuid: "33333333-3333-4333-8333-333333333333", source: "cdp" },
  { uuid: "44444444-4444-4444-8444-444444444444", source: "cli" },
  { uuid: "55555555-5555-4555-8555-555555555555", source: "pac" },
];
const start = new Date("2026-11-01T00:00:00Z");
const end = new Date("2026-11-08T00:00:00Z");

function generate(count: number, options: Partial<GeneratorOptions> = {}) {
  const generator = createEntryGenerator({ seed: 42, devices, start, end, count, ...options });
  return Array.from({ length: count }, () => generator.next());
}

describe("createEntryGenerator", () => {
  it("gives the same sequence for a seed and a different one for another seed", () => {
    const first = generate(500);
    expect(generate(500)).toStrictEqual(first);
    const other = generate(500, { seed: 43 });
    expect(other).not.toEqual(first);
    expect(other.filter((entry, i) => entry.payload.request.url === first[i].payload.request.url).length).toBeLessThan(
      250,
    );
  });

  it("orders timestamps across the whole range and stamps them on the payload", () => {
    const entries = generate(3000);
    const times = entries.map((entry) => entry.ts.getTime());
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    expect(times[0]).toBeGreaterThanOrEqual(start.getTime());
    expect(times.at(-1)).toBeLessThan(end.getTime());
    const span = end.getTime() - start.getTime();
    expect(times[0] - start.getTime()).toBeLessThan(span / 100);
    expect(end.getTime() - times.at(-1)!).toBeLessThan(span / 100);
    for (const entry of entries) expect(entry.payload.startedAt).toBe(entry.ts.toISOString());
  });

  it("stays ordered and in range without a count and past it", () => {
    const generator = createEntryGenerator({ seed: 1, devices, start, end });
    const bounded = createEntryGenerator({ seed: 1, devices, start, end, count: 10 });
    let previous = start.getTime();
    for (let i = 0; i < 50; i++) {
      for (const { ts } of [generator.next(), bounded.next()]) {
        expect(ts.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(ts.getTime()).toBeLessThan(end.getTime());
      }
    }
    for (let i = 0; i < 30; i++) {
      const { ts } = bounded.next();
      expect(ts.getTime()).toBeGreaterThanOrEqual(previous);
      previous = ts.getTime();
    }
  });

  it("uses every device, with its own source", () => {
    const entries = generate(1000);
    expect(new Set(entries.map((entry) => entry.deviceUuid))).toEqual(new Set(devices.map((device) => device.uuid)));
    const sourceOf = new Map(devices.map((device) => [device.uuid, device.source]));
    for (const entry of entries) expect(entry.payload.source).toBe(sourceOf.get(entry.deviceUuid));
  });

  it("produces a realistic mix of hosts, methods, statuses and failures", () => {
    const entries = generate(20_000).map((entry) => entry.payload);
    const share = (predicate: (entry: (typeof entries)[number]) => boolean) =>
      entries.filter(predicate).length / entries.length;
    expect(new Set(entries.map((entry) => new URL(entry.request.url).host)).size).toBeGreaterThanOrEqual(35);
    expect(share((entry) => entry.request.url.startsWith("https://api.acme-shop.com/"))).toBeGreaterThan(0.25);
    expect(share((entry) => entry.request.method === "GET")).toBeGreaterThan(0.55);
    expect(share((entry) => entry.request.method === "GET")).toBeLessThan(0.75);
    expect(share((entry) => entry.request.method === "POST")).toBeGreaterThan(0.18);
    expect(share((entry) => entry.request.method === "POST")).toBeLessThan(0.35);
    for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"])
      expect(share((entry) => entry.request.method === method)).toBeGreaterThan(0.005);
    const failed = share((entry) => entry.error !== undefined);
    expect(failed).toBeGreaterThan(0.005);
    expect(failed).toBeLessThan(0.02);
    expect(entries.every((entry) => (entry.error === undefined) === (entry.response !== undefined))).toBe(true);
    const statuses = new Set(entries.map((entry) => entry.response?.status));
    for (const status of [200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503])
      expect(statuses).toContain(status);
    expect(
      share((entry) => (entry.response?.status ?? 0) >= 200 && (entry.response?.status ?? 0) < 300),
    ).toBeGreaterThan(0.8);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it("fills in the details a capture has", () => {
    const entries = generate(3000).map((entry) => entry.payload);
    const header = (headers: { name: string; value: string }[], name: string) =>
      headers.find((h) => h.name.toLowerCase() === name)?.value;
    const apiCall = entries.find(
      (entry) =>
        entry.request.url.startsWith("https://api.acme-shop.com/") && !entry.error && entry.request.method === "GET",
    )!;
    expect(header(apiCall.request.headers, "authorization")).toMatch(/^Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(header(apiCall.request.headers, "x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const page = entries.find((entry) => entry.request.url.startsWith("https://www.acme-shop.com/"))!;
    expect(page.request.cookies?.map((cookie) => cookie.name)).toEqual(["session", "_ga", "cart_id"]);
    const login = entries.find(
      (entry) => entry.request.url.endsWith("/v2/auth/login") && entry.response?.status === 200,
    )!;
    expect(JSON.parse(login.request.body!.content)).toMatchObject({
      email: expect.stringContaining("@"),
      password: expect.any(String),
    });
    expect(JSON.parse(login.response!.body!.content)).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(entries.some((entry) => entry.response?.cookies?.length)).toBe(true);
    expect(entries.some((entry) => entry.request.body?.params?.length)).toBe(true);
    expect(entries.some((entry) => entry.response?.body?.encoding === "base64")).toBe(true);
    for (const entry of entries) {
      if (entry.request.url.startsWith("https:") && (!entry.error || entry.error.code === "ECONNRESET"))
        expect(entry.tls?.serverName).toBe(new URL(entry.request.url).host);
      expect(entry.durationMs).toBeGreaterThan(0);
      const body = entry.response?.body;
      if (body && body.encoding === "text" && !body.truncated) expect(Buffer.byteLength(body.content)).toBe(body.size);
      if (body && body.encoding === "base64" && !body.truncated)
        expect(Buffer.from(body.content, "base64").length).toBe(body.size);
    }
  });

  it("keeps up with seeding a large table", () => {
    const generator = createEntryGenerator({ seed: 9, devices, start, end, count: 50_000 });
    let urls = 0;
    for (let i = 0; i < 50_000; i++) urls += generator.next().payload.request.url.length > 0 ? 1 : 0;
    expect(urls).toBe(50_000);
  });

  it("needs a device", () => {
    expect(() => createEntryGenerator({ seed: 1, devices: [], start, end })).toThrow(/device/);
  });
});
