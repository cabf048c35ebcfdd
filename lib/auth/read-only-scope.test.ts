import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";
import { accessTokenClaims } from "./sign";
import { DASHBOARD_CLIENT_ID, SCOPE_READ, SCOPE_WRITE } from "./token-model";

/** The database, not the app, makes a read-only token read-only (migration 0008). */
let postgres: TempPostgres;
let owner: pg.Pool;
let admin: Person;
let device: string;

const tokenClaims = (person: Person, scope: string): Claims =>
  ({
    ...accessTokenClaims({ origin: "http://127.0.0.1:3000", userId: person.id, clientId: DASHBOARD_CLIENT_ID, scope }),
  }) as unknown as Claims;

beforeAll(async () => {
  postgres = await startTempPostgres();
  owner = new pg.Pool({ connectionString: postgres.url, max: 4 });
  owner.on("error", () => undefined);
  admin = await createPerson(owner, "admin@example.com");
  device = await createDevice(owner, admin, "Admin's phone");
});

afterAll(async () => {
  await owner?.end();
  await postgres?.stop();
});

const rename = (claims: Claims, name: string) =>
  withClaims(
    owner,
    claims,
    async (client) =>
      (await client.query("UPDATE public.devices SET name = $2 WHERE uuid = $1", [device, name])).rowCount,
  );

describe("a token's scope in the database", () => {
  it("a read-only token reads but every write is refused, although the role is admin", async () => {
    const readOnly = tokenClaims(admin, SCOPE_READ);
    const seen = await withClaims(
      owner,
      readOnly,
      async (client) => (await client.query("SELECT uuid FROM public.devices")).rowCount,
    );
    expect(seen).toBe(1);
    expect(await rename(readOnly, "renamed read-only")).toBe(0);
    await expect(
      withClaims(owner, readOnly, (client) =>
        client.query("INSERT INTO public.devices (name, owner_user_id) VALUES ('new', $1)", [admin.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withClaims(owner, readOnly, (client) =>
        client.query("SELECT * FROM public.create_device_pairing_code($1)", [device]),
      ),
    ).rejects.toThrow(/not yours/);
    const capabilities = await withClaims(
      owner,
      readOnly,
      async (client) =>
        (
          await client.query(
            "SELECT public.has_capability('devices', 'view') AS view, public.has_capability('devices', 'edit') AS edit",
          )
        ).rows[0],
    );
    expect(capabilities).toEqual({ view: true, edit: false });
  });

  it("a read-write token writes", async () => {
    expect(await rename(tokenClaims(admin, `${SCOPE_READ} ${SCOPE_WRITE}`), "renamed read-write")).toBe(1);
  });

  it("a JWT without a scope claim (a Supabase session) keeps its role's rights", async () => {
    expect(await rename(admin.claims, "renamed by session")).toBe(1);
  });

  it("an empty or unrelated scope is read-only", async () => {
    expect(await rename(tokenClaims(admin, ""), "x")).toBe(0);
    expect(await rename(tokenClaims(admin, "openid offline_access"), "x")).toBe(0);
  });
});
