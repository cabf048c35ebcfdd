import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { secretBytes } from "./keys";
import { closeClients, realtimeClient, subscribe } from "./realtime/test-helpers";
import { createSigningKey, publicJwk } from "./signing-keys";

/**
 * A project with asymmetric signing keys, as Supabase projects are by default now: Auth signs
 * with the current ES256 key, the JWKS publishes the public halves, and REST and Realtime
 * verify by `kid`, a key imported into the project included, the legacy secret until revoked.
 */

const SQL = `
CREATE TABLE public.signing_probe (id int PRIMARY KEY);
GRANT SELECT ON public.signing_probe TO authenticated, service_role;
INSERT INTO public.signing_probe VALUES (1);
NOTIFY pgrst, 'reload schema';
`;

async function signed(key: JWK, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ role: "authenticated", aud: "authenticated", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importJWK(key, "ES256"));
}

async function restStatus(stack: TestSupabase, token: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${stack.url}/rest/v1/signing_probe?select=id`, {
    headers: { apikey: stack.keys.publishableKey, Authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { code?: string };
  return { status: response.status, code: Array.isArray(body) ? undefined : body.code };
}

async function realtimeJoin(stack: TestSupabase, token: string): Promise<string> {
  const client = await realtimeClient(stack, { token });
  return (await subscribe(client.channel(`signing-${Math.random().toString(36).slice(2)}`))).status;
}

describe("asymmetric signing keys", () => {
  let stack: TestSupabase;
  let imported: JWK;
  beforeAll(async () => {
    // The app's own key: its public half is imported into the project as a signing key.
    imported = await createSigningKey();
    stack = await startTestSupabase({
      signingKeys: { current: await createSigningKey(), trusted: [publicJwk(imported)], legacySecretAccepted: true },
    });
    await stack.owner.query(SQL);
    for (let i = 0; i < 100 && (await restStatus(stack, stack.keys.anonJwt)).status === 404; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }, 180_000);
  afterAll(async () => {
    await closeClients();
    await stack?.stop();
  });

  it("signs Auth's tokens with the current key and publishes only public halves in the JWKS", async () => {
    const { data } = await stack.client().auth.signUp({ email: "es256@example.com", password: "a-long-password-1" });
    const token = data.session!.access_token;
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: stack.keys.signing!.current.kid, typ: "JWT" });
    const jwks = (await (await fetch(`${stack.url}/auth/v1/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([stack.keys.signing!.current.kid, imported.kid]);
    expect(jwks.keys.every((key) => key.d === undefined && key.key_ops?.includes("verify"))).toBe(true);
    // auth-js verifies an ES256 token against the JWKS itself.
    const session = stack.client({ accessToken: token });
    expect((await session.auth.getClaims(token)).data?.claims.sub).toBe(data.user!.id);
    expect(await restStatus(stack, token)).toEqual({ status: 200, code: undefined });
    expect(await realtimeJoin(stack, token)).toBe("SUBSCRIBED");
  });

  it("verifies a token signed with an imported key by its kid, and still the legacy secret", async () => {
    const appToken = await signed(imported, { sub: "00000000-0000-4000-8000-000000000001" });
    expect(await restStatus(stack, appToken)).toEqual({ status: 200, code: undefined });
    expect(await realtimeJoin(stack, appToken)).toBe("SUBSCRIBED");
    const legacy = await new SignJWT({ role: "authenticated" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(secretBytes(stack.keys.jwtSecret));
    expect(await restStatus(stack, legacy)).toEqual({ status: 200, code: undefined });
  });

  it("refuses a token whose kid names no key of the project", async () => {
    const stranger = await signed(await createSigningKey(), { sub: "00000000-0000-4000-8000-000000000002" });
    expect(await restStatus(stack, stranger)).toEqual({ status: 401, code: "PGRST301" });
    expect(await realtimeJoin(stack, stranger)).not.toBe("SUBSCRIBED");
  });
});

describe("a revoked legacy secret", () => {
  let stack: TestSupabase;
  beforeAll(async () => {
    stack = await startTestSupabase({
      signingKeys: { current: await createSigningKey(), trusted: [], legacySecretAccepted: false },
    });
    await stack.owner.query(SQL);
    for (let i = 0; i < 100 && (await restStatus(stack, stack.keys.anonJwt)).status === 404; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }, 180_000);
  afterAll(async () => {
    await closeClients();
    await stack?.stop();
  });

  it("refuses HS256 tokens while the opaque keys keep working", async () => {
    const legacy = await new SignJWT({ role: "authenticated" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(secretBytes(stack.keys.jwtSecret));
    expect(await restStatus(stack, legacy)).toEqual({ status: 401, code: "PGRST301" });
    // The publishable key alone: anon, which may not read the table (PostgREST's 401 for anon).
    const anon = await fetch(`${stack.url}/rest/v1/signing_probe`, { headers: { apikey: stack.keys.publishableKey } });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { code: string }).code).toBe("42501");
    const service = await fetch(`${stack.url}/rest/v1/signing_probe`, { headers: { apikey: stack.keys.secretKey } });
    expect(service.status).toBe(200);
  });
});
