import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";
import { withClaims, type Claims } from "./with-claims";

/** The transaction every server path runs in as a caller: claims and role exactly as given. */
let db: TempPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  db = await startTempPostgres({ migrate: false });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query("DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  await pool.query("CREATE TABLE IF NOT EXISTS public.scratch (n int)");
  await pool.query("GRANT ALL ON public.scratch TO authenticated");
  // The gate's contract (migration 0020 defines the real one): called as the caller, after the claims are set.
  await pool.query(`CREATE OR REPLACE FUNCTION public.busymate_pre_request() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF current_user = 'authenticated' AND current_setting('request.jwt.claim.sub', true) = 'refused' THEN
        RAISE SQLSTATE 'PT401' USING MESSAGE = 'refused by the gate';
      END IF;
    END $$`);
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

describe("withClaims", () => {
  it("sets the role and the claims verbatim, quotes and backslashes included, only for the transaction", async () => {
    const claims: Claims = {
      role: "authenticated",
      sub: "o'brien\\'; DROP TABLE scratch; --",
      note: "it's \\ \"quoted\" $$ E'x'",
    };
    const seen = await withClaims(
      pool,
      claims,
      async (client) =>
        (
          await client.query(
            "SELECT current_user AS who, current_setting('request.jwt.claims') AS claims, current_setting('request.jwt.claim.sub') AS sub",
          )
        ).rows[0],
    );
    expect(seen.who).toBe("authenticated");
    expect(JSON.parse(seen.claims)).toEqual(claims);
    expect(seen.sub).toBe(claims.sub);
    const after = (
      await pool.query("SELECT current_user AS who, current_setting('request.jwt.claims', true) AS claims")
    ).rows[0];
    expect(after.who).not.toBe("authenticated");
    expect(after.claims ?? "").toBe("");
    expect((await pool.query("SELECT to_regclass('public.scratch') AS t")).rows[0].t).toBe("scratch");
  });

  it("runs the pre-request gate as the caller before the work, in the same transaction", async () => {
    let ran = false;
    await expect(
      withClaims(pool, { role: "authenticated", sub: "refused" }, async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: "PT401", message: "refused by the gate" });
    expect(ran).toBe(false);
    expect(await withClaims(pool, { role: "authenticated", sub: "fine" }, async () => "ran")).toBe("ran");
  });

  it("rolls everything back when the work fails, and refuses roles outside the allow-list", async () => {
    await expect(
      withClaims(pool, { role: "authenticated" }, async (client) => {
        await client.query("INSERT INTO public.scratch VALUES (1)");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await pool.query("SELECT count(*)::int AS n FROM public.scratch")).rows[0].n).toBe(0);
    await expect(withClaims(pool, { role: "postgres" as Claims["role"] }, async () => 1)).rejects.toThrow(
      /Refusing to act as database role/,
    );
  });
});
