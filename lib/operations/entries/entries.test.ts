import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { RESULT_BUDGET_CHARS } from "../run";
import { callerOf, expectRefused, newestEntryId, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;
let secretEntry: number;

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWhlcmU";
const SESSION = "s3ss10n-c00kie-value";

/** A login capture full of credentials, as a device uploads it. */
function loginCapture() {
  return {
    startedAt: new Date().toISOString(),
    source: "vpn",
    request: {
      method: "POST",
      url: `https://auth.example.com/v1/login?client=ios&access_token=${JWT}`,
      httpVersion: "HTTP/2",
      headers: [
        { name: "Authorization", value: `Bearer ${JWT}` },
        { name: "Cookie", value: `session=${SESSION}; theme=dark` },
        { name: "X-Api-Key", value: "live-key-0123456789" },
        { name: "Content-Type", value: "application/json" },
      ],
      body: {
        encoding: "text",
        content: JSON.stringify({ email: "a@example.com", password: "hunter2hunter2", device: "iPhone" }),
        size: 80,
        mimeType: "application/json",
        truncated: false,
      },
    },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/2",
      headers: [
        { name: "Set-Cookie", value: `session=${SESSION}; Path=/; HttpOnly` },
        { name: "Content-Type", value: "application/json" },
      ],
      body: {
        encoding: "text",
        content: JSON.stringify({ token: "rotated-token-abcdef", user: { id: 7, name: "A" }, note: "x".repeat(5000) }),
        size: 5100,
        mimeType: "application/json",
        truncated: false,
      },
    },
    durationMs: 42,
  };
}

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(
    db.pool,
    phoneA,
    Array.from({ length: 45 }, (_, i) => `https://api.shop.example/v1/items/${i}`),
  );
  await insertEntries(db.pool, phoneA, ["https://api.stripe.com/v1/charges", "https://api.stripe.com/v1/refunds"]);
  await insertEntries(db.pool, phoneB, ["https://api.stripe.com/v1/charges", "https://b.example/private"]);
  await withClaims(db.pool, deviceClaims(phoneA), (client) =>
    client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
      phoneA,
      loginCapture(),
    ]),
  );
  secretEntry = await newestEntryId(db.owner, phoneA);
});
afterAll(async () => db?.stop());

type Page = {
  items: { id: number; host: string; path: string }[];
  next_cursor: string | null;
  truncated: boolean;
  note?: string;
};

describe("search_entries and count_entries", () => {
  it("a member searches only their own captures", async () => {
    const page = await run<Page>(db, "search_entries", { query: "stripe" }, callerOf(memberA));
    expect(page.items.map((e) => e.path)).toEqual(["/v1/refunds", "/v1/charges"]);
    expect(await run(db, "count_entries", { query: "stripe" }, callerOf(memberA))).toEqual({ count: 2 });
    expect(await run(db, "count_entries", { query: "stripe" }, callerOf(admin))).toEqual({ count: 3 });
    expect(await run(db, "count_entries", { query: "private" }, callerOf(memberA))).toEqual({ count: 0 });
    expect(await run(db, "count_entries", { device_uuids: [phoneB] }, callerOf(memberA))).toEqual({ count: 0 });
  });

  it("pages through a long result with the cursor, newest first, no duplicates", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page: Page = await run<Page>(
        db,
        "search_entries",
        { hosts: ["api.shop.example"], limit: 20, ...(cursor ? { cursor } : {}) },
        callerOf(memberA),
      );
      seen.push(...page.items.map((e) => e.id));
      if (page.truncated) expect(page.note).toContain("cursor");
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("filters by method and status class, and refuses an unknown workspace", async () => {
    expect(await run(db, "count_entries", { methods: ["post"] }, callerOf(memberA))).toEqual({ count: 1 });
    expect(await run(db, "count_entries", { status_classes: [2] }, callerOf(memberA))).toEqual({ count: 48 });
    await expectRefused(
      run(db, "search_entries", { workspace_id: "00000000-0000-4000-8000-000000000000" }, callerOf(memberA)),
      "NOT_FOUND",
    );
  });
});

describe("get_entry", () => {
  type Detail = {
    url: string;
    request: { headers: { name: string; value: string }[]; body: { text: string } };
    response: { headers: { name: string; value: string }[]; body: { text: string; truncated: boolean; size: number } };
    placeholders: { name: string; where: string }[];
    redacted: boolean;
  };

  it("replaces every secret with a named placeholder by default", async () => {
    const entry = await run<Detail>(db, "get_entry", { entry_id: secretEntry }, callerOf(memberA));
    const text = JSON.stringify(entry);
    for (const secret of [JWT, SESSION, "live-key-0123456789", "hunter2hunter2", "rotated-token-abcdef"])
      expect(text).not.toContain(secret);
    const header = (name: string) => entry.request.headers.find((h) => h.name === name)?.value;
    expect(header("Authorization")).toBe("Bearer {{AUTHORIZATION}}");
    expect(header("Cookie")).toBe("session={{COOKIE_SESSION}}; theme={{COOKIE_THEME}}");
    expect(header("X-Api-Key")).toBe("{{X_API_KEY}}");
    expect(entry.url).toBe("https://auth.example.com/v1/login?client=ios&access_token={{ACCESS_TOKEN}}");
    expect(JSON.parse(entry.request.body.text)).toEqual({
      email: "a@example.com",
      password: "{{PASSWORD}}",
      device: "iPhone",
    });
    expect(entry.response.headers[0].value).toBe("session={{COOKIE_SESSION}}; Path=/; HttpOnly");
    expect(entry.placeholders.map((p) => p.name)).toEqual(
      expect.arrayContaining(["AUTHORIZATION", "COOKIE_SESSION", "X_API_KEY", "ACCESS_TOKEN", "PASSWORD", "TOKEN"]),
    );
  });

  it("cuts bodies at max_body_chars and says so; redact=false shows the raw values", async () => {
    const cut = await run<Detail>(db, "get_entry", { entry_id: secretEntry, max_body_chars: 100 }, callerOf(memberA));
    expect(cut.response.body.text).toHaveLength(100);
    expect(cut.response.body).toMatchObject({ truncated: true, size: 5100 });
    const raw = await run<Detail>(db, "get_entry", { entry_id: secretEntry, redact: false }, callerOf(memberA));
    expect(raw.redacted).toBe(false);
    expect(raw.request.headers[0].value).toBe(`Bearer ${JWT}`);
    expect(raw.placeholders).toEqual([]);
  });

  it("keeps a capture with two large bodies under the result budget", async () => {
    const big = loginCapture();
    big.request.body = { ...big.request.body, content: JSON.stringify({ blob: '"q"'.repeat(9_000) }), size: 40_000 };
    big.response.body = { ...big.response.body, content: "y".repeat(30_000), size: 30_000, mimeType: "text/plain" };
    await withClaims(db.pool, deviceClaims(phoneA), (client) =>
      client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [phoneA, big]),
    );
    const entry = await run<Detail>(
      db,
      "get_entry",
      { entry_id: await newestEntryId(db.owner, phoneA), max_body_chars: 20_000 },
      callerOf(memberA),
    );
    expect(JSON.stringify(entry).length).toBeLessThan(RESULT_BUDGET_CHARS);
    expect(entry.response.body.truncated).toBe(true);
    expect(entry.response.body.text.length).toBeGreaterThan(1_000);
  });

  it("hides what it used to miss: CSRF values in HTML, an OAuth code in Location and redirectURL, sentry_key, secretlint's finds", async () => {
    const csrf = "Zk9pQ2x1cE1WbGp4T3dYc0RmR2h0UnNrYjNn";
    const meta = "mT4nQ8vX2kL7pR1wY6zB3cF9hJ0sD5gA";
    const code = "SplxlOBeZQQYbYS6WxSbIA";
    const sentry = "0123abcd4567ef89aa";
    const dbPassword = "Tr0ub4dor3x";
    const html = `<html><head><meta name="csrf-token" content="${meta}"></head><body><form action="/login" method="post"><input type="hidden" name="_csrf" value="${csrf}"></form><!-- postgres://admin:${dbPassword}@db.internal.example:5432/app --></body></html>`;
    const capture = {
      startedAt: new Date().toISOString(),
      source: "vpn",
      request: {
        method: "POST",
        url: `https://auth.example.com/login?sentry_key=${sentry}&sentry_version=7`,
        httpVersion: "HTTP/1.1",
        headers: [{ name: "Content-Type", value: "application/x-www-form-urlencoded" }],
        body: {
          encoding: "text",
          content: "user=a",
          size: 6,
          truncated: false,
          mimeType: "application/x-www-form-urlencoded",
        },
      },
      response: {
        status: 302,
        statusText: "Found",
        httpVersion: "HTTP/1.1",
        headers: [
          { name: "Location", value: `https://app.example/callback?code=${code}&state=s1` },
          { name: "Content-Type", value: "text/html" },
        ],
        redirectURL: `https://app.example/callback?code=${code}&state=s1`,
        body: { encoding: "text", content: html, size: html.length, truncated: false, mimeType: "text/html" },
      },
    };
    await withClaims(db.pool, deviceClaims(phoneA), (client) =>
      client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [phoneA, capture]),
    );
    const id = await newestEntryId(db.owner, phoneA);
    const entry = await run<Detail & { response: { redirect_url: string } }>(
      db,
      "get_entry",
      { entry_id: id },
      callerOf(memberA),
    );
    const text = JSON.stringify(entry);
    for (const secret of [csrf, meta, code, sentry, dbPassword]) expect(text).not.toContain(secret);
    expect(entry.url).toBe("https://auth.example.com/login?sentry_key={{SENTRY_KEY}}&sentry_version=7");
    expect(entry.response.headers[0].value).toBe("https://app.example/callback?code={{CODE}}&state=s1");
    expect(entry.response.redirect_url).toBe("https://app.example/callback?code={{CODE}}&state=s1");
    expect(entry.response.body.text).toContain('<input type="hidden" name="_csrf" value="{{CSRF}}">');
    expect(entry.response.body.text).toContain('content="{{CSRF_TOKEN}}"');
    expect(entry.placeholders.map((p) => p.where)).toContain(
      "secretlint @secretlint/secretlint-rule-database-connection-string",
    );
  });

  it("member B cannot open A's capture", async () => {
    await expectRefused(run(db, "get_entry", { entry_id: secretEntry }, callerOf(memberB)), "NOT_FOUND");
    await expect(
      run(db, "get_entry", { entry_id: secretEntry, include_bodies: false }, callerOf(admin)),
    ).resolves.toMatchObject({ note: expect.stringContaining("Bodies") });
  });
});

describe("the dashboard's capture reads", () => {
  it("search_entries pages by before_id and carries each row's tag ids", async () => {
    const [tag] = (
      await db.owner.query<{ id: string }>(
        "INSERT INTO public.tags (name, color, owner_user_id) VALUES ('flow', '#0369a1', $1) RETURNING id",
        [memberA.id],
      )
    ).rows;
    await run(db, "tag_entry", { entry_id: secretEntry, tag_id: tag.id }, callerOf(memberA));
    type Rows = { items: { id: number; tag_ids: string[] }[] };
    const first = await run<Rows>(db, "search_entries", { methods: ["POST"], limit: 5 }, callerOf(memberA));
    expect(first.items.find((row) => row.id === secretEntry)?.tag_ids).toEqual([tag.id]);
    const all = await run<Rows>(db, "search_entries", { limit: 500 }, callerOf(memberA));
    const older = await run<Rows>(db, "search_entries", { before_id: secretEntry, limit: 500 }, callerOf(memberA));
    expect(older.items.map((row) => row.id)).toEqual(all.items.map((row) => row.id).filter((id) => id < secretEntry));
    expect(older.items.length).toBeGreaterThanOrEqual(47);
  });

  it("get_capture returns the payload as recorded, and only to whom may see it", async () => {
    const capture = await run<{ id: number; payload: ReturnType<typeof loginCapture>; tag_ids: string[] }>(
      db,
      "get_capture",
      { entry_id: secretEntry },
      callerOf(memberA),
    );
    expect(capture.payload.request.headers[0]).toEqual({ name: "Authorization", value: `Bearer ${JWT}` });
    expect(capture.payload.response.body.content).toContain("x".repeat(5000));
    await expectRefused(run(db, "get_capture", { entry_id: secretEntry }, callerOf(memberB)), "NOT_FOUND");
  });

  it("list_hosts counts the caller's own captures per host", async () => {
    const hosts = await run<{ items: { host: string; entries: number }[] }>(db, "list_hosts", {}, callerOf(memberA));
    expect(hosts.items[0]).toEqual({ host: "api.shop.example", entries: 45 });
    expect(hosts.items.map((h) => h.host)).not.toContain("b.example");
  });
});
