import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isCrossSiteCookieWrite } from "./front-door";
import { sessionCookieOptions } from "@/lib/supabase/cookie-options";
import { baseSecurityHeaders, newNonce, pageCsp } from "./headers";

describe("security headers", () => {
  it("sends HSTS only when the app's public URL is https", () => {
    expect(baseSecurityHeaders({ appUrl: "http://127.0.0.1:3000" })["Strict-Transport-Security"]).toBeUndefined();
    expect(baseSecurityHeaders({ appUrl: "https://busymate.example.com" })["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(baseSecurityHeaders({ appUrl: "http://127.0.0.1:3000" })).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "X-Frame-Options": "DENY",
    });
  });

  it("the page CSP admits scripts by nonce only, eval only in development, and the Supabase origin's sockets", () => {
    const nonce = newNonce();
    const csp = pageCsp({ nonce, supabaseUrl: "https://xyz.supabase.co", dev: false });
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("connect-src 'self' https://xyz.supabase.co wss://xyz.supabase.co");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(pageCsp({ nonce, supabaseUrl: "http://127.0.0.1:54321", dev: true })).toContain("'unsafe-eval'");
    expect(newNonce()).not.toBe(nonce);
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers: { host: "127.0.0.1:3000", ...headers } }) as unknown as IncomingMessage;

describe("the CSRF gate", () => {
  const appUrl = "https://busymate.example.com";
  it("refuses a cookie-carrying write from elsewhere, or that does not say where it is from", () => {
    const attempts: Record<string, string>[] = [
      { cookie: "sb-x-auth-token=1", origin: "https://evil.example" },
      { cookie: "sb-x-auth-token=1", "sec-fetch-site": "cross-site" },
      { cookie: "sb-x-auth-token=1", "sec-fetch-site": "same-site", origin: appUrl },
      { cookie: "sb-x-auth-token=1" },
    ];
    for (const headers of attempts)
      for (const method of ["POST", "PUT", "PATCH", "DELETE"])
        expect(isCrossSiteCookieWrite(request(method, headers), appUrl), `${method} ${JSON.stringify(headers)}`).toBe(
          true,
        );
  });

  it("lets through our own pages, reads, and token clients without cookies", () => {
    expect(isCrossSiteCookieWrite(request("POST", { cookie: "a=1", origin: appUrl }), appUrl)).toBe(false);
    expect(isCrossSiteCookieWrite(request("POST", { cookie: "a=1", origin: "http://127.0.0.1:3000" }), appUrl)).toBe(
      false,
    );
    expect(isCrossSiteCookieWrite(request("POST", { cookie: "a=1", "sec-fetch-site": "same-origin" }), appUrl)).toBe(
      false,
    );
    expect(isCrossSiteCookieWrite(request("GET", { cookie: "a=1", origin: "https://evil.example" }), appUrl)).toBe(
      false,
    );
    expect(isCrossSiteCookieWrite(request("POST", { origin: "https://evil.example" }), appUrl)).toBe(false);
  });
});

describe("session cookie flags", () => {
  it("HttpOnly and Lax always, Secure when the app is served over https", () => {
    expect(sessionCookieOptions("http://127.0.0.1:3000")).toEqual({
      path: "/",
      sameSite: "lax",
      httpOnly: true,
      secure: false,
    });
    expect(sessionCookieOptions("https://busymate.example.com")).toMatchObject({ httpOnly: true, secure: true });
  });
});
