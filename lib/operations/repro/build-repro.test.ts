import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { Recorder } from "@/lib/repro/testing/recorder";
import { oauthPassword } from "@/lib/repro/testing/schemes/oauth-password";
import type { ReproResult } from "@/lib/repro";
import { createDevice, createPerson, deviceClaims, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let memberA: Person;
let memberB: Person;
let flowOfA: number[];
let entryOfB: number;
let secrets: string[];

/** Stores captures as the device uploads them (a device may not read them back); their ids in the same order. */
async function store(device: string, payloads: unknown[]): Promise<number[]> {
  await withClaims(db.pool, deviceClaims(device), async (client) => {
    for (const payload of payloads)
      await client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        device,
        payload,
      ]);
  });
  const { rows } = await db.owner.query<{ id: string }>(
    "SELECT id FROM public.entries WHERE device_uuid = $1 ORDER BY id DESC LIMIT $2",
    [device, payloads.length],
  );
  return rows.map((row) => Number(row.id)).reverse();
}

beforeAll(async () => {
  db = await startOperationsDb();
  await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  const phoneA = await createDevice(db.owner, memberA, "A phone");
  const phoneB = await createDevice(db.owner, memberB, "B phone");
  const credentials = oauthPassword.credentials();
  const service = await oauthPassword.start(credentials);
  const recorder = new Recorder();
  try {
    await oauthPassword.record(service, credentials, recorder);
  } finally {
    await service.server.close();
  }
  secrets = [...service.issuer.everIssued, credentials.password, credentials.clientId];
  flowOfA = await store(
    phoneA,
    recorder.entries.map((e) => e.entry),
  );
  [entryOfB] = await store(phoneB, [recorder.entries[4].entry]);
});
afterAll(async () => db?.stop());

describe("build_repro", () => {
  it("builds a member's repro from their own captures, with no captured secret in it", async () => {
    const result = await run<ReproResult>(
      db,
      "build_repro",
      { entry_ids: flowOfA },
      callerOf(memberA, { write: false }),
    );
    expect(result.scheme).toBe("oauth2-password");
    expect(result.run).toBe("node repro.mjs");
    expect(result.steps.map((s) => s.entry_id).every((id) => flowOfA.includes(id))).toBe(true);
    expect(result.placeholders.map((p) => p.name)).toEqual(["USERNAME", "PASSWORD", "CLIENT_ID"]);
    const text = JSON.stringify(result);
    for (const secret of secrets) expect(text).not.toContain(secret);
    const python = await run<ReproResult>(
      db,
      "build_repro",
      { entry_ids: flowOfA, language: "python" },
      callerOf(memberA),
    );
    expect(python.files[0].name).toBe("repro.py");
  });

  it("a member cannot build a repro from another member's captures", async () => {
    await expectRefused(run(db, "build_repro", { entry_ids: flowOfA }, callerOf(memberB)), "NOT_FOUND");
    const refusal = await expectRefused(
      run(db, "build_repro", { entry_ids: [entryOfB, ...flowOfA] }, callerOf(memberB)),
      "NOT_FOUND",
    );
    expect(refusal.message).toContain(`Entry ${flowOfA[0]}`);
  });

  it("names the field of bad input", async () => {
    await expectRefused(run(db, "build_repro", { entry_ids: [] }, callerOf(memberA)), "VALIDATION_FAILED", "entry_ids");
    await expectRefused(
      run(db, "build_repro", { entry_ids: flowOfA, language: "ruby" }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "language",
    );
  });
});
