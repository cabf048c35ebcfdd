import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;

type Page = {
  items: { id: string; url: string; held: boolean; resolution: string | null }[];
  next_cursor: string | null;
};

/** The device holds a request, as a device token would record it. */
async function hold(device: string, url: string): Promise<string> {
  return withClaims(db.pool, deviceClaims(device), async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO public.breakpoint_events (device_uuid, pattern, phase, held) VALUES ($1, '*', 'request', $2) RETURNING id",
      [device, { request: { method: "POST", url } }],
    );
    return rows[0].id;
  });
}

beforeAll(async () => {
  db = await startOperationsDb();
  await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
});
afterAll(async () => db?.stop());

describe("breakpoints", () => {
  it("lists held requests newest first, page by page", async () => {
    for (let i = 0; i < 3; i++) await hold(phoneA, `https://api.example.com/v1/pay/${i}`);
    await hold(phoneB, "https://b.example/secret");
    const first = await run<Page>(db, "list_breakpoints", { limit: 2 }, callerOf(memberA));
    expect(first.items.map((e) => e.url)).toEqual([
      "https://api.example.com/v1/pay/2",
      "https://api.example.com/v1/pay/1",
    ]);
    const second = await run<Page>(db, "list_breakpoints", { limit: 2, cursor: first.next_cursor }, callerOf(memberA));
    expect(second.items.map((e) => e.url)).toEqual(["https://api.example.com/v1/pay/0"]);
    expect(second.next_cursor).toBeNull();
  });

  it("resumes once: continue, then a second resume conflicts; modify carries the edits", async () => {
    const [newest, middle] = (await run<Page>(db, "list_breakpoints", {}, callerOf(memberA))).items;
    expect(
      await run(db, "resume_breakpoint", { event_id: newest.id, action: "continue" }, callerOf(memberA)),
    ).toMatchObject({ id: newest.id, resolution: "continue" });
    await expectRefused(
      run(db, "resume_breakpoint", { event_id: newest.id, action: "abort" }, callerOf(memberA)),
      "CONFLICT",
    );
    await expectRefused(
      run(db, "resume_breakpoint", { event_id: middle.id, action: "modify" }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "request",
    );
    await run(
      db,
      "resume_breakpoint",
      { event_id: middle.id, action: "modify", request: { headers: [{ name: "x-debug", value: "1" }] } },
      callerOf(memberA),
    );
    const { rows } = await db.owner.query("SELECT resolution, resumed_by FROM public.breakpoint_events WHERE id = $1", [
      middle.id,
    ]);
    expect(rows[0]).toEqual({
      resolution: { action: "modify", request: { headers: [{ name: "x-debug", value: "1" }] } },
      resumed_by: memberA.id,
    });
    const recent = await run<Page>(db, "list_breakpoints", { state: "recent" }, callerOf(memberA));
    expect(recent.items.map((e) => e.resolution).sort()).toEqual(["continue", "modify"]);
  });

  it("member A cannot see or resume B's held request", async () => {
    const held = (
      await db.owner.query<{ id: string }>("SELECT id FROM public.breakpoint_events WHERE device_uuid = $1", [phoneB])
    ).rows[0].id;
    expect((await run<Page>(db, "list_breakpoints", { device_uuid: phoneB }, callerOf(memberA))).items).toEqual([]);
    await expectRefused(
      run(db, "resume_breakpoint", { event_id: held, action: "abort" }, callerOf(memberA)),
      "NOT_FOUND",
    );
    expect(
      (await db.owner.query("SELECT resumed_at FROM public.breakpoint_events WHERE id = $1", [held])).rows[0]
        .resumed_at,
    ).toBeNull();
  });

  it("gets what a device holds: headers in order, a text body as text, a binary one as base64; another member's is not found", async () => {
    const [text, binary] = await withClaims(db.pool, deviceClaims(phoneA), async (client) => {
      const insert = (held: object, phase = "request") =>
        client
          .query<{ id: string }>(
            "INSERT INTO public.breakpoint_events (device_uuid, pattern, phase, held) VALUES ($1, 'x/*', $2, $3) RETURNING id",
            [phoneA, phase, held],
          )
          .then((r) => r.rows[0].id);
      return [
        await insert({
          request: {
            method: "POST",
            url: "https://x.example/a",
            httpVersion: "HTTP/1.1",
            headers: [
              { name: "B-Second", value: "2" },
              { name: "A-First", value: "1" },
            ],
            body: { encoding: "base64", content: Buffer.from('{"ok":true}').toString("base64") },
          },
        }),
        await insert(
          {
            request: { method: "GET", url: "https://x.example/img", headers: [] },
            response: {
              status: 418,
              statusText: "Teapot",
              headers: [{ name: "Content-Type", value: "image/png" }],
              body: { encoding: "base64", content: Buffer.from([0x89, 0x50, 0x00, 0xff]).toString("base64") },
            },
          },
          "response",
        ),
      ];
    });
    const got = await run<{ request: { headers: unknown[]; body: unknown }; response: unknown }>(
      db,
      "get_breakpoint",
      { event_id: text },
      callerOf(memberA),
    );
    expect(got.request.headers).toEqual([
      { name: "B-Second", value: "2" },
      { name: "A-First", value: "1" },
    ]);
    expect(got.request.body).toEqual({ encoding: "text", content: '{"ok":true}', bytes: 11 });
    expect(got.response).toBeNull();
    const response = await run<{ phase: string; response: { status: number; body: unknown } }>(
      db,
      "get_breakpoint",
      { event_id: binary },
      callerOf(memberA),
    );
    expect(response).toMatchObject({
      phase: "response",
      response: { status: 418, body: { encoding: "base64", content: "iVAA/w==", bytes: 4 } },
    });
    await expectRefused(run(db, "get_breakpoint", { event_id: text }, callerOf(memberB)), "NOT_FOUND");
  });
});
