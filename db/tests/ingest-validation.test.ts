import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceTokenClaims, signToken } from "@/lib/auth/sign";
import { trafficLogEntrySchema } from "@/lib/capture/traffic-log-entry";
import { createDevice, createPerson, samplePayload } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/**
 * 0021: the database accepts exactly the TrafficLogEntry the zod schema accepts (compared on a
 * corpus of entries and their mutations), and a device's REST batch through the real
 * supabase-js is all or nothing, its error naming the entry and the field.
 */

let stack: TestSupabase;
let device: string;
let token: string;

beforeAll(async () => {
  stack = await startTestSupabase();
  const person = await createPerson(stack.owner, "ingest@example.com");
  device = await createDevice(stack.owner, person, "laptop");
  token = await signToken(deviceTokenClaims({ origin: stack.url, deviceUuid: device }), stack.keys.jwtSecret);
});
afterAll(async () => stack?.stop());

/** An entry with every optional part filled in. */
const full = () => ({
  id: "6f1c1d4e-1f4b-4b8e-9a57-0d1f9b0e7e11",
  startedAt: "2026-12-04T21:00:00.123+01:00",
  source: "cli",
  request: {
    method: "POST",
    url: "https://user:pw@api.example.com:8443/v1/login?x=1#frag",
    httpVersion: "HTTP/1.1",
    headers: [{ name: "content-type", value: "application/x-www-form-urlencoded", comment: "c" }],
    queryString: [{ name: "x", value: "1" }],
    cookies: [
      {
        name: "s",
        value: "v",
        path: "/",
        domain: "example.com",
        expires: "2027-01-01T00:00:00Z",
        httpOnly: true,
        secure: true,
        sameSite: "Lax",
      },
    ],
    headersSize: 120,
    bodySize: -1,
    body: {
      encoding: "text",
      content: "a=1",
      size: 3,
      mimeType: "application/x-www-form-urlencoded",
      truncated: false,
      params: [{ name: "a", value: "1", fileName: "f", contentType: "text/plain" }],
    },
    comment: "req",
  },
  response: {
    status: 201,
    statusText: "Created",
    httpVersion: "HTTP/2",
    headers: [],
    cookies: [],
    redirectURL: "",
    headersSize: -1,
    bodySize: 0,
    body: { encoding: "base64", content: "AAEC", size: 3, truncated: false, compression: 0 },
  },
  timings: { blocked: -1, dns: 0.5, connect: 1, ssl: -1, send: 0, wait: 10.25, receive: 1, comment: "t" },
  durationMs: 12.5,
  tls: {
    version: "TLSv1.3",
    cipher: "TLS_AES_128_GCM_SHA256",
    serverName: "api.example.com",
    alpn: "h2",
    certificate: { subject: "CN=api", issuer: "CN=ca", validFrom: "a", validTo: "b", fingerprintSha256: "ff" },
  },
  client: { ip: "10.0.0.2", port: 50123, processName: "curl", bundleId: "b", userAgent: "curl/8" },
  serverIp: "203.0.113.7",
  connection: "42",
  error: { code: "ECONNRESET", message: "reset" },
  cache: { beforeRequest: null },
  pageref: "page_1",
  comment: "entry",
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object and array path in a value. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [at];
  const children = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...children.flatMap((key) => paths((value as Record<string | number, Json>)[key], [...at, key]))];
}

function setAt(
  root: Json,
  path: (string | number)[],
  change: (parent: Record<string | number, Json>, key: string | number) => void,
) {
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  change(parent, path[path.length - 1]);
  return copy;
}

/** Each path removed, nulled, given the wrong type; each object given an unknown key; and hand-picked edge values. */
function corpus(): { name: string; payload: Json }[] {
  const base = full() as unknown as Json;
  const minimal = samplePayload("https://a.example/") as unknown as Json;
  const cases: { name: string; payload: Json }[] = [
    { name: "full", payload: base },
    { name: "minimal", payload: minimal },
  ];
  for (const path of paths(base).filter((p) => p.length > 0)) {
    const name = path.join(".");
    cases.push({
      name: `${name} removed`,
      payload: setAt(base, path, (o, k) => (Array.isArray(o) ? o.splice(Number(k), 1) : delete o[k])),
    });
    cases.push({ name: `${name} null`, payload: setAt(base, path, (o, k) => (o[k] = null)) });
    cases.push({
      name: `${name} wrong type`,
      payload: setAt(
        base,
        path,
        (o, k) => (o[k] = typeof o[k] === "string" ? 7 : typeof o[k] === "object" ? "x" : "7"),
      ),
    });
  }
  for (const path of paths(base)) {
    const target = path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], base);
    if (target && typeof target === "object" && !Array.isArray(target))
      cases.push({
        name: `${path.join(".") || "root"} unknown key`,
        payload: path.length
          ? setAt(base, [...path, "extra"], (o, k) => (o[k] = 1))
          : { ...(base as object), extra: 1 },
      });
  }
  const edit = (name: string, path: (string | number)[], value: Json) =>
    cases.push({ name, payload: setAt(base, path, (o, k) => (o[k] = value)) });
  for (const method of ["get", "GET ", "M-SEARCH", "A".repeat(33), "_X", "PROPFIND"])
    edit(`method ${method}`, ["request", "method"], method);
  for (const url of [
    "http://a",
    "HTTPS://A.EXAMPLE/x",
    "https:///x",
    "ftp://a.example/",
    "https://a b.example/",
    "https://a.example:99999/",
    "https://a.example:65535/",
    "https://a.example:x/",
    "https://[::1]:8080/",
    "https://a.example/p a t h?q=<>",
    "https://a.example  ",
    "https://a<b/",
    "https://a.example:/",
    "http://1.2.3.4/",
  ])
    edit(`url ${url}`, ["request", "url"], url);
  for (const status of [99, 100, 599, 600, 200.5, 200.0]) edit(`status ${status}`, ["response", "status"], status);
  for (const startedAt of [
    "2026-12-04T21:00:00Z",
    "2026-12-04T21:00:00",
    "2026-12-04 21:00:00Z",
    "2026-02-29T00:00:00Z",
    "2028-02-29T00:00:00Z",
    "2026-12-04T24:00:00Z",
    "2026-12-04T21:00Z",
    "2026-12-04T21:00:00.5-05:30",
    "2026-12-04t21:00:00z",
  ])
    edit(`startedAt ${startedAt}`, ["startedAt"], startedAt);
  for (const id of [
    "6F1C1D4E-1F4B-4B8E-9A57-0D1F9B0E7E11",
    "6f1c1d4e-1f4b-0b8e-9a57-0d1f9b0e7e11",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
  ])
    edit(`id ${id}`, ["id"], id);
  edit("size -1", ["request", "body", "size"], -1);
  edit("headersSize -2", ["request", "headersSize"], -2);
  edit("headersSize 1.5", ["request", "headersSize"], 1.5);
  edit("client port 65536", ["client", "port"], 65536);
  edit("client port -1", ["client", "port"], -1);
  edit("encoding hex", ["response", "body", "encoding"], "hex");
  edit("header name empty", ["request", "headers", 0, "name"], "");
  edit("error code empty", ["error", "code"], "");
  edit("durationMs -0.1", ["durationMs"], -0.1);
  edit("timing -1.5", ["timings", "wait"], -1.5);
  edit("cache array", ["cache"], []);
  edit("source other", ["source"], "browser");
  edit("response params", ["response", "body", "params"], []);
  cases.push({ name: "no response but error", payload: setAt(base, ["response"], (o, k) => delete o[k]) });
  cases.push({
    name: "neither response nor error",
    payload: setAt(
      setAt(base, ["response"], (o, k) => delete o[k]),
      ["error"],
      (o, k) => delete o[k],
    ),
  });
  cases.push({ name: "not an object", payload: [1] });
  return cases;
}

describe("the database's check agrees with trafficLogEntrySchema", () => {
  it("on every entry of the corpus: accepted by both, or refused by both", async () => {
    const cases = corpus();
    const { rows } = await stack.owner.query<{ problem: string | null }>(
      "SELECT busymate_private.traffic_log_entry_problem(p) AS problem FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n",
      [JSON.stringify(cases.map((c) => c.payload))],
    );
    const disagreements = cases
      .map((c, i) => ({ name: c.name, zod: trafficLogEntrySchema.safeParse(c.payload).success, sql: rows[i].problem }))
      .filter((r) => r.zod !== (r.sql === null));
    expect(disagreements).toEqual([]);
    // The corpus is not trivially one-sided.
    const accepted = rows.filter((r) => r.problem === null).length;
    expect(accepted).toBeGreaterThan(20);
    expect(cases.length - accepted).toBeGreaterThan(100);
  });
});

describe("a device's REST insert through supabase-js", () => {
  const entry = (path: string) => ({
    ts: new Date().toISOString(),
    device_uuid: device,
    payload: samplePayload(`https://batch.example/${path}`, { source: "cli" }),
  });
  const stored = async (prefix: string) =>
    (
      await stack.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM public.entries WHERE url LIKE $1", [
        `https://batch.example/${prefix}%`,
      ])
    ).rows[0].n;

  it("refuses a batch with one bad entry with a 400 naming the entry and the field, and writes none of it", async () => {
    const bad = entry("bad-1");
    delete (bad.payload.response as { statusText?: string }).statusText;
    const { error, status } = await stack
      .client({ accessToken: token })
      .from("entries")
      .insert([entry("bad-0"), bad, entry("bad-2")]);
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "23514", message: "entries[1].payload.response.statusText: required" });
    expect(error?.details).toContain("nothing in the insert was written");
    expect(await stored("bad-")).toBe(0);
  });

  it("names an unknown key and a wrong type the same way", async () => {
    const client = stack.client({ accessToken: token });
    const extra = entry("extra-0");
    (extra.payload.request as Record<string, unknown>).colour = "red";
    expect((await client.from("entries").insert([extra])).error?.message).toBe(
      'entries[0].payload.request: unknown key "colour"',
    );
    const typed = entry("typed-0");
    (typed.payload.response as Record<string, unknown>).status = "200";
    expect((await client.from("entries").insert([entry("typed-x"), entry("typed-y"), typed])).error?.message).toBe(
      "entries[2].payload.response.status: expected a number, got string",
    );
    expect(await stored("typed-")).toBe(0);
  });

  it("writes a good batch whole, and the upsert the CLI sends still stores a retry once", async () => {
    const client = stack.client({ accessToken: token });
    const batch = Array.from({ length: 50 }, (_, i) => entry(`good-${i}`));
    for (const row of batch) (row.payload as Record<string, unknown>).id = crypto.randomUUID();
    const first = await client.from("entries").insert(batch);
    expect(first.error).toBeNull();
    expect(first.status).toBe(201);
    const retry = await client.from("entries").upsert(batch, { onConflict: "capture_id,ts", ignoreDuplicates: true });
    expect(retry.error).toBeNull();
    expect(await stored("good-")).toBe(50);
  });
});
