import { createHmac, createPublicKey, randomUUID, verify } from "node:crypto";
import { createServerClient } from "@supabase/ssr";
import pg from "pg";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { generateSigningKey, publicJwk, type TokenKeys } from "@/lib/auth/token-keys";
import { DASHBOARD_CLIENT_ID } from "@/lib/auth/token-model";
import { verifyAccessToken } from "@/lib/auth/verify";
import { createPerson } from "@/lib/testing/db-fixtures";
import { removeHome, stackOptions, startStack } from "@/lib/testing/stack";

/**
 * `npx tsx bench/identity.ts`: the cost of the one token.
 *  1. verifyAccessToken per call (µs) in both signing modes, each against a baseline measured in
 *     the same run: the bare HMAC-SHA256 (legacy) or the bare ECDSA P-256 verify (ES256 by kid)
 *     over the same token's signing input (the floor any such check pays).
 *  2. POST /first-party-token p50/p95 with 16 concurrent clients (16 signed-in people) against
 *     the real `npm start`, with GET /api/version on the same server as the baseline.
 * Targets (issue 5): verification < 200 µs, endpoint p95 < 50 ms.
 */

const CLIENTS = 16;
const REQUESTS_PER_CLIENT = 60;
const PASSWORD = "bench password 0123456789";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchVerification(): Promise<void> {
  const origin = "http://127.0.0.1:3000";
  const secret = randomUUID() + randomUUID();
  const token = await signToken(
    accessTokenClaims({
      origin,
      userId: randomUUID(),
      clientId: DASHBOARD_CLIENT_ID,
      scope: "busymate:read busymate:write",
    }),
    secret,
  );
  const options = { issuer: origin, secret };
  const [header, payload] = token.split(".");
  const input = `${header}.${payload}`;

  const runs = 50_000;
  for (let i = 0; i < 5_000; i++) await verifyAccessToken(token, options); // warm-up (JIT, key cache)
  let started = performance.now();
  for (let i = 0; i < runs; i++) await verifyAccessToken(token, options);
  const verifyUs = ((performance.now() - started) * 1000) / runs;

  started = performance.now();
  for (let i = 0; i < runs; i++) createHmac("sha256", secret).update(input).digest("base64url");
  const hmacUs = ((performance.now() - started) * 1000) / runs;

  console.log(
    `verifyAccessToken: ${verifyUs.toFixed(1)} µs/call (${runs} calls); baseline bare HMAC-SHA256: ${hmacUs.toFixed(1)} µs/call; target < 200 µs`,
  );
}

async function benchEs256Verification(): Promise<void> {
  const origin = "http://127.0.0.1:3000";
  const current = generateSigningKey();
  const keys: TokenKeys = { mode: "asymmetric", current, trusted: [publicJwk(generateSigningKey())] };
  const token = await signToken(
    accessTokenClaims({ origin, userId: randomUUID(), clientId: DASHBOARD_CLIENT_ID, scope: "busymate:read" }),
    keys,
  );
  const options = { issuer: origin, keys };
  const [header, payload, signature] = token.split(".");
  const input = Buffer.from(`${header}.${payload}`);
  const publicKey = createPublicKey({ key: publicJwk(current) as import("node:crypto").JsonWebKey, format: "jwk" });
  const signatureBytes = Buffer.from(signature, "base64url");

  const runs = 20_000;
  for (let i = 0; i < 2_000; i++) await verifyAccessToken(token, options);
  let started = performance.now();
  for (let i = 0; i < runs; i++) await verifyAccessToken(token, options);
  const verifyUs = ((performance.now() - started) * 1000) / runs;

  started = performance.now();
  for (let i = 0; i < runs; i++) verify("sha256", input, { key: publicKey, dsaEncoding: "ieee-p1363" }, signatureBytes);
  const ecdsaUs = ((performance.now() - started) * 1000) / runs;

  console.log(
    `verifyAccessToken (ES256 by kid): ${verifyUs.toFixed(1)} µs/call (${runs} calls); baseline bare ECDSA P-256 verify: ${ecdsaUs.toFixed(1)} µs/call; target < 200 µs`,
  );
}

async function load(name: string, clients: { request: () => Promise<Response> }[]): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const started = performance.now();
        const response = await client.request();
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${name}: ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function benchFirstPartyToken(): Promise<void> {
  const options = await stackOptions();
  console.log("Starting npm start on a throwaway home (builds if the sources changed)…");
  const stack = await startStack(options);
  const env = stack.localEnv;
  const owner = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
  owner.on("error", () => undefined);
  try {
    const cookieHeaders: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const email = `bench-${i}-${randomUUID().slice(0, 6)}@example.com`;
      await createPerson(owner, email, "member", PASSWORD);
      const cookies: string[] = [];
      const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
        cookies: {
          getAll: () => [],
          setAll: (list) => list.forEach(({ name, value }) => cookies.push(`${name}=${value}`)),
        },
      });
      const { error } = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
      if (error) throw error;
      cookieHeaders.push(cookies.join("; "));
    }
    const tokenClients = cookieHeaders.map((cookie) => ({
      request: () =>
        fetch(`${stack.appUrl}/first-party-token`, {
          method: "POST",
          headers: { cookie, origin: stack.appUrl, "sec-fetch-site": "same-origin" },
        }),
    }));
    const baselineClients = cookieHeaders.map(() => ({ request: () => fetch(`${stack.appUrl}/api/version`) }));

    // Warm-up: first requests compile nothing (production build) but fill pools and JIT.
    await Promise.all(tokenClients.map((c) => c.request().then((r) => r.arrayBuffer())));
    await Promise.all(baselineClients.map((c) => c.request().then((r) => r.arrayBuffer())));

    const baseline = await load("GET /api/version", baselineClients);
    const tokens = await load("POST /first-party-token", tokenClients);
    const fmt = (sorted: number[]) =>
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    console.log(
      `POST /first-party-token, ${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT}: ${fmt(tokens)}; target p95 < 50 ms`,
    );
    console.log(`baseline GET /api/version, same load:          ${fmt(baseline)}`);
  } finally {
    await owner.end();
    await stack.stop();
    await removeHome(options.home);
  }
}

await benchVerification();
await benchEs256Verification();
// `--verify-only` skips the stack (seconds instead of minutes).
if (!process.argv.includes("--verify-only")) await benchFirstPartyToken();
