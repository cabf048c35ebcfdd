import { randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { createPerson } from "@/lib/testing/db-fixtures";
import { AccountPage } from "./pages/account-page";
import { expect, test } from "./fixtures";
import type { StackData } from "./support/stack";
import { SignInPage } from "./pages/sign-in-page";

/**
 * Dashboard sign-in against the real stack: Supabase Auth sessions in cookies, the proxy's
 * redirect to sign-in and back, sign-out, and the first-party token the dashboard reads its
 * data with.
 */
let stack: StackData;

test.beforeAll(({ stack: running }) => {
  stack = running;
});

test("sign in, see the dashboard, sign out", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(stack.admin.email, stack.admin.password);
  await page.waitForURL((url) => url.pathname === "/feed");
  await expect(page.getByTestId("user-role")).toHaveText("Admin");
  await expect(page.getByTestId("user-name")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The session is gone: the dashboard sends the person back to sign-in.
  await page.goto("/feed");
  await signIn.expectShown("/feed");
});

test("a protected page redirects to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/account?tab=clients");
  const signIn = new SignInPage(page);
  await signIn.expectShown("/account?tab=clients");
  await signIn.signIn(stack.member.email, stack.member.password);
  await expect(page).toHaveURL(/\/account\?tab=clients$/);
  await expect(new AccountPage(page).email()).toHaveText(stack.member.email);
});

test("a wrong password is refused with a message, and a foreign `next` is ignored", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open("https://evil.example/phish");
  await signIn.signIn(stack.member.email, "not the password");
  await expect(signIn.error()).toHaveText("Wrong email or password.");
  await signIn.signIn(stack.member.email, stack.member.password);
  await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === "/feed");
});

test("the first-party token: the session in, the Busymate token out, for our own pages only", async ({
  page,
  playwright,
  db,
}) => {
  // A person of its own: this test exhausts their token allowance on purpose.
  const email = `first-party-${randomUUID().slice(0, 8)}@example.com`;
  const password = "first party e2e password";
  await createPerson(db, email, "member", password);
  const signIn = new SignInPage(page);
  await signIn.open("/account");
  await signIn.signIn(email, password);
  await page.waitForURL((url) => url.pathname === "/account");

  const post = () =>
    page.evaluate(async () => {
      const response = await fetch("/first-party-token", { method: "POST" });
      return {
        status: response.status,
        cache: response.headers.get("cache-control"),
        retryAfter: response.headers.get("retry-after"),
        body: await response.json(),
      };
    });
  const fromPage = await post();
  expect(fromPage.status).toBe(200);
  expect(fromPage.cache).toContain("no-store");
  expect(fromPage.body).toMatchObject({ token_type: "bearer", expires_in: 900 });
  const claims = decodeJwt(fromPage.body.access_token);
  expect(claims).toMatchObject({
    iss: stack.appUrl,
    role: "authenticated",
    client_id: "busymate-dashboard",
    scope: "busymate:read busymate:write",
  });
  expect(claims.aud).toEqual(["authenticated", stack.appUrl, `${stack.appUrl}/mcp`]);
  expect(claims.exp! - claims.iat!).toBe(900);
  // Signed with the embedded stack's ES256 key, whose kid the app publishes (public half only)
  // and whose token the project's REST takes, as a Supabase project with the key imported does.
  const keys = stack.tokenKeys;
  expect(keys.mode).toBe("asymmetric");
  const header = decodeProtectedHeader(fromPage.body.access_token);
  expect(header).toEqual({ alg: "ES256", kid: keys.mode === "asymmetric" ? keys.current.kid : "", typ: "at+jwt" });
  const jwks = (await (await page.request.get("/oauth/jwks")).json()) as { keys: Record<string, unknown>[] };
  expect(jwks.keys.filter((key) => key.kid === header.kid)).toEqual([
    expect.not.objectContaining({ d: expect.anything() }),
  ]);
  const rest = await page.request.get(`${stack.supabaseUrl}/rest/v1/devices?select=uuid`, {
    headers: { apikey: stack.publishableKey, authorization: `Bearer ${fromPage.body.access_token}` },
  });
  expect(rest.status()).toBe(200);

  // The same cookies from another site's page (CSRF) are refused.
  const crossSite = await page.request.post("/first-party-token", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("FORBIDDEN");

  // Over the per-person limit (set in the database, not raced for): 429 with Retry-After.
  await db.query("UPDATE busymate_identity.rate_limits SET tat = now() + interval '60 seconds' WHERE key = $1", [
    `first_party_token:${claims.sub}`,
  ]);
  const limited = await post();
  expect(limited.status).toBe(429);
  expect(Number(limited.retryAfter)).toBeGreaterThan(0);
  expect(limited.body.error.code).toBe("RATE_LIMITED");
  await db.query("DELETE FROM busymate_identity.rate_limits WHERE key = $1", [`first_party_token:${claims.sub}`]);

  // Signing out ends the session itself: its cookies, replayed, mint nothing.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  const replay = await playwright.request.newContext({ baseURL: stack.appUrl });
  const replayed = await replay.post("/first-party-token", { headers: { origin: stack.appUrl, cookie } });
  expect(replayed.status()).toBe(401);
  await replay.dispose();

  // No session: 401.
  const anonymous = await playwright.request.newContext({ baseURL: stack.appUrl });
  const signedOut = await anonymous.post("/first-party-token", { headers: { origin: stack.appUrl } });
  expect(signedOut.status()).toBe(401);
  expect((await signedOut.json()).error.code).toBe("UNAUTHORIZED");
  await anonymous.dispose();
});
