import type { Page } from "@playwright/test";
import { SECTIONS } from "@/components/shell/sections";
import { expect, test } from "./fixtures";

/**
 * Every dashboard page works under the production CSP (scripts only with the response's
 * nonce): an admin walks every section of the nav, and the browser reports no CSP violation.
 */

interface Violation {
  directive: string;
  blocked: string;
  page: string;
}

async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text()))
      console.push(message.text());
  });
  // Collected in the page and kept across navigations in sessionStorage.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const seen = JSON.parse(sessionStorage.getItem("csp-violations") ?? "[]") as unknown[];
      seen.push({ directive: event.violatedDirective, blocked: event.blockedURI, page: location.pathname });
      sessionStorage.setItem("csp-violations", JSON.stringify(seen));
    });
  });
  return async () => {
    const inPage = (await page.evaluate(() =>
      JSON.parse(sessionStorage.getItem("csp-violations") ?? "[]"),
    )) as Violation[];
    return [...inPage, ...console.map((text) => ({ directive: "console", blocked: text, page: page.url() }))];
  };
}

test("every dashboard page runs under the nonce CSP with no violation", async ({ page, stack, signIn }) => {
  const violations = await watchViolations(page);
  const signInPage = await page.goto("/sign-in");
  const csp = signInPage!.headers()["content-security-policy"];
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(signInPage!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(signInPage!.headers()["referrer-policy"]).toBe("same-origin");
  // The stack is served over plain http: no HSTS (it would be ignored, and wrong behind no TLS).
  expect(signInPage!.headers()["strict-transport-security"]).toBeUndefined();

  await signIn(stack.admin, "/feed");
  // The feed's rows come from the API through the browser's scripts: hydration ran.
  await expect(page.getByTestId("feed-list").getByRole("option").first()).toBeVisible();

  const cookies = (await page.context().cookies()).filter((c) => c.name.startsWith("sb-"));
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) {
    expect(cookie.httpOnly, cookie.name).toBe(true);
    expect(cookie.sameSite, cookie.name).toBe("Lax");
  }

  const nav = page.getByRole("navigation", { name: "Sections" });
  for (const section of SECTIONS) {
    await nav.getByRole("link", { name: section.label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${section.href}$`));
    await expect(page.locator("main#main")).toBeVisible();
    await page.waitForLoadState("networkidle");
  }
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.waitForLoadState("networkidle");
  expect(await violations()).toEqual([]);

  // The policy is enforced, not only sent: markup injected the way an XSS would (an inline
  // handler in HTML) does not run.
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.innerHTML = `<img src="/no-such-image.png" onerror="document.body.dataset.injected = 'ran'">`;
    document.body.append(box);
  });
  await expect.poll(async () => (await violations()).map((v) => v.directive).join()).toMatch(/script-src/);
  await expect(page.locator("body")).not.toHaveAttribute("data-injected", "ran");
});

test("every other kind of answer carries the base headers: API, health, OAuth metadata, static files", async ({
  page,
  stack,
}) => {
  const landing = await page.goto("/");
  const script = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
  expect(landing!.headers()["content-security-policy"]).toContain("'nonce-");
  for (const path of [
    "/api/version",
    "/api/no-such-thing",
    "/health",
    "/.well-known/oauth-authorization-server",
    "/oauth/jwks",
    script!,
  ]) {
    const response = await page.request.get(`${stack.appUrl}${path}`);
    const headers = response.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toMatch(/script-src[^;]*unsafe-inline/);
  }
});
