import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

/**
 * CSRF on every state-changing path: each route handler the app has (found on disk, so a new
 * route is covered the day it is added), every page that posts a server action, and the
 * custom server's cookie paths, called as another site would with the admin's real cookies.
 * All are refused before anything runs; the same calls without cookies (a token client) are
 * answered by the route itself.
 */
const APP_DIR = path.join(import.meta.dirname, "..", "app");
const SAMPLE_UUID = "00000000-0000-4000-8000-000000000000";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** /api/devices/[uuid]/credentials → /api/devices/<uuid>/credentials; route groups vanish. */
function urlPathOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => {
      if (segment === "[name]") return "create_tag";
      if (segment.startsWith("[...")) return "anything";
      if (segment.startsWith("[")) return SAMPLE_UUID;
      return segment;
    });
  return `/${segments.join("/")}`;
}

function unsafeMethodsOf(source: string): string[] {
  const direct = [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(POST|PUT|PATCH|DELETE)\b/g)].map(
    (match) => match[1],
  );
  const renamed = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((match) =>
    [...match[1].matchAll(/as\s+(POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]),
  );
  return [...new Set([...direct, ...renamed])];
}

const targets: { method: string; path: string; why: string }[] = [];
for (const file of files(APP_DIR)) {
  const source = readFileSync(file, "utf8");
  if (path.basename(file) === "route.ts")
    for (const method of unsafeMethodsOf(source))
      targets.push({ method, path: urlPathOf(file), why: path.relative(APP_DIR, file) });
  // A server action is a POST to the page that renders it.
  if (/^["']use server["']/m.test(source))
    targets.push({ method: "POST", path: urlPathOf(file), why: `${path.relative(APP_DIR, file)} (server action)` });
}
// The custom server's cookie-authenticated paths (lib/oauth/mount.ts), outside app/.
for (const extra of ["/first-party-token", "/interaction/abc/consent", "/interaction/abc/deny"])
  targets.push({ method: "POST", path: extra, why: "custom server" });

test("every state-changing path refuses a cross-site request that carries the session cookies", async ({
  page,
  stack,
  signIn,
  playwright,
}) => {
  expect(targets.length).toBeGreaterThan(15);
  expect(targets.map((t) => `${t.method} ${t.path}`)).toEqual(
    expect.arrayContaining(["POST /sign-out", "POST /api/operations/create_tag", "DELETE /mcp"]),
  );
  await signIn(stack.admin, "/feed");
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.startsWith("sb-"))).toBe(true);

  const refusedEverywhere: string[] = [];
  for (const target of targets) {
    const crossSite: Record<string, string>[] = [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "same-site" },
    ];
    for (const headers of crossSite) {
      const response = await page.request.fetch(`${stack.appUrl}${target.path}`, {
        method: target.method,
        headers: { ...headers, "Content-Type": "application/json" },
        data: "{}",
        maxRedirects: 0,
      });
      const label = `${target.method} ${target.path} (${target.why}) ${JSON.stringify(headers)}`;
      expect(response.status(), label).toBe(403);
      expect((await response.json()).error.code, label).toBe("FORBIDDEN");
    }
    refusedEverywhere.push(`${target.method} ${target.path}`);
  }
  expect(refusedEverywhere).toHaveLength(targets.length);

  // Nothing ran: the session survived the cross-site sign-out.
  await page.goto("/feed");
  await expect(page).toHaveURL(/\/feed$/);

  // Without cookies (a token client) the gate stays out of the way: each route answers for itself.
  const bare = await playwright.request.newContext();
  for (const target of targets) {
    const response = await bare.fetch(`${stack.appUrl}${target.path}`, {
      method: target.method,
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      data: "{}",
      maxRedirects: 0,
    });
    const text = await response.text();
    expect(text, `${target.method} ${target.path}`).not.toContain("cross-site request refused");
  }
  await bare.dispose();
});
