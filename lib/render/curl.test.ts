import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { toCurl } from "./curl";
import { createEntryGenerator } from "@/lib/generator";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

type Request = TrafficLogEntry["request"];

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

const login: Request = {
  method: "POST",
  url: "https://api.acme-shop.com/v2/auth/login?redirect=%2Fhome&access_token=qs-secret-123#frag",
  httpVersion: "HTTP/2",
  headers: [
    { name: ":authority", value: "api.acme-shop.com" },
    { name: "content-type", value: "application/json; charset=utf-8" },
    { name: "authorization", value: `Bearer ${JWT}` },
    { name: "cookie", value: "session=cookie-secret-1; theme=dark" },
    { name: "x-api-key", value: "key-secret-2" },
    { name: "accept-encoding", value: "gzip, br" },
    { name: "content-length", value: "57" },
    { name: "x-note", value: "it's fine" },
  ],
  body: {
    encoding: "text",
    content: JSON.stringify({
      email: "a@b.c",
      password: "pw-secret-3",
      nested: { refresh_token: "rt-secret-4" },
      n: 1,
    }),
    size: 57,
    mimeType: "application/json",
    truncated: false,
  },
};

/** Runs the command's words through a real shell and returns what curl would have received. */
function argvOf(command: string, env: Record<string, string> = {}): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`;
  return execFileSync("bash", ["-c", script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .split("\0")
    .slice(0, -1);
}

describe("copy as cURL", () => {
  it("keeps everything when asked to", () => {
    const { command, placeholders } = toCurl(login, { secrets: "keep" });
    expect(placeholders).toEqual([]);
    const argv = argvOf(command);
    expect(argv[0]).toBe("https://api.acme-shop.com/v2/auth/login?redirect=%2Fhome&access_token=qs-secret-123");
    expect(argv).toContain(`authorization: Bearer ${JWT}`);
    expect(argv).toContain("x-note: it's fine");
    expect(argv).toContain("--compressed");
    expect(argv).not.toContain("-X");
    expect(argv.some((a) => a.startsWith(":authority") || a.startsWith("content-length"))).toBe(false);
    expect(JSON.parse(argv[argv.indexOf("--data-raw") + 1])).toMatchObject({ password: "pw-secret-3" });
  });

  it("replaces every credential by a named variable, and the command still runs", () => {
    const { command, placeholders } = toCurl(login, { secrets: "placeholders" });
    for (const secret of [JWT, "cookie-secret-1", "key-secret-2", "pw-secret-3", "rt-secret-4", "qs-secret-123"])
      expect(command).not.toContain(secret);
    expect(placeholders.map((p) => p.name)).toEqual([
      "ACCESS_TOKEN",
      "AUTHORIZATION",
      "COOKIE_SESSION",
      "COOKIE_THEME",
      "X_API_KEY",
      "PASSWORD",
      "REFRESH_TOKEN",
    ]);
    expect(placeholders[1].where).toBe("header authorization");
    const argv = argvOf(command, {
      ACCESS_TOKEN: "A",
      AUTHORIZATION: "B",
      COOKIE_SESSION: "C",
      COOKIE_THEME: "dark",
      X_API_KEY: "D",
      PASSWORD: "E",
      REFRESH_TOKEN: "F",
    });
    expect(argv[0]).toBe("https://api.acme-shop.com/v2/auth/login?redirect=%2Fhome&access_token=A");
    expect(argv).toContain("authorization: Bearer B");
    expect(argv).toContain("cookie: session=C; theme=dark");
    expect(argv).toContain("x-api-key: D");
    expect(JSON.parse(argv[argv.indexOf("--data-raw") + 1])).toEqual({
      email: "a@b.c",
      password: "E",
      nested: { refresh_token: "F" },
      n: 1,
    });
  });

  it("gives one secret one name, and two secrets under one name two names", () => {
    const request: Request = {
      method: "GET",
      url: "https://x.example/?token=same&token=other",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "X-Auth-Token", value: "same" }],
    };
    const { placeholders } = toCurl(request, { secrets: "placeholders" });
    expect(placeholders.map((p) => p.name)).toEqual(["TOKEN", "TOKEN_2", "X_AUTH_TOKEN"]);
  });

  it("hides a secret's other copies too (a cookie value repeated in a form field)", () => {
    const request: Request = {
      method: "POST",
      url: "https://shop.example/checkout",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "Cookie", value: "cart_id=cart_0I0yXBE0egQftF" },
        { name: "Content-Type", value: "application/x-www-form-urlencoded" },
      ],
      body: { encoding: "text", content: "cart_id=cart_0I0yXBE0egQftF&shipping=express", size: 40, truncated: false },
    };
    const { command } = toCurl(request, { secrets: "placeholders" });
    expect(command).not.toContain("cart_0I0yXBE0egQftF");
    expect(argvOf(command, { COOKIE_CART_ID: "X" })).toContain("cart_id=X&shipping=express");
  });

  it("finds tokens by their look in headers and text bodies, and fields in form bodies", () => {
    const request: Request = {
      method: "PUT",
      url: "https://x.example/upload",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "X-Debug", value: `trace ${JWT}` },
        { name: "Content-Type", value: "application/x-www-form-urlencoded" },
      ],
      body: {
        encoding: "text",
        content: "cart_id=c1&csrf_token=f-secret&note=sk_live_abcdefghijklmnop",
        size: 60,
        truncated: false,
      },
    };
    const { command, placeholders } = toCurl(request, { secrets: "placeholders" });
    expect(command).not.toContain(JWT);
    expect(command).not.toContain("f-secret");
    expect(command).not.toContain("sk_live_abcdefghijklmnop");
    expect(command).toContain("-X PUT");
    expect(command).toContain("cart_id=c1");
    expect(placeholders.map((p) => p.name)).toEqual(["X_DEBUG", "FORM_CSRF_TOKEN", "FORM_NOTE"]);
  });

  it("uses the same detector as get_entry: sentry_key and ?key=AIza… in the query, random-looking header values", () => {
    const request: Request = {
      method: "GET",
      url: "https://firebase.example/v1/x?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW&sentry_key=0123abcd4567ef89aa",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "X-Device-Session", value: "q8Xv2LmR7tZp4KcN9wYbH3sD" }],
    };
    const { command, placeholders } = toCurl(request, { secrets: "placeholders" });
    for (const secret of ["AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "0123abcd4567ef89aa", "q8Xv2LmR7tZp4KcN9wYbH3sD"])
      expect(command).not.toContain(secret);
    expect(placeholders.map((p) => p.name)).toEqual(["KEY", "SENTRY_KEY", "X_DEVICE_SESSION"]);
  });

  it("sends binary bodies through printf so every byte survives, and says when a body was truncated", () => {
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x00, 0x27, 0x25, 0x5c, 0xff];
    const request: Request = {
      method: "POST",
      url: "https://x.example/img",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "content-type", value: "image/png" }],
      body: { encoding: "base64", content: btoa(String.fromCharCode(...bytes)), size: 900, truncated: true },
    };
    const { command } = toCurl(request, { secrets: "keep" });
    expect(command.split("\n")[0]).toBe(
      "# The captured body was truncated (9 of 900 bytes kept): this command sends only the captured part.",
    );
    const printf = /^(printf '.*') \| curl/m.exec(command)?.[1];
    const out = execFileSync("bash", ["-c", printf ?? "false"], { stdio: ["ignore", "pipe", "ignore"] });
    expect([...out]).toEqual(bytes);
    expect(command).toContain("--data-binary @-");
  });

  it("uses --head for HEAD and keeps other methods explicit", () => {
    expect(
      argvOf(
        toCurl({ method: "HEAD", url: "https://x.example/", httpVersion: "", headers: [] }, { secrets: "keep" })
          .command,
      ),
    ).toEqual(["https://x.example/", "--head"]);
    expect(
      argvOf(
        toCurl({ method: "DELETE", url: "https://x.example/a", httpVersion: "", headers: [] }, { secrets: "keep" })
          .command,
      ),
    ).toEqual(["https://x.example/a", "-X", "DELETE"]);
  });

  it("leaves no secret of any generated capture in a placeholder command", () => {
    const generator = createEntryGenerator({
      seed: 11,
      devices: [{ uuid: "00000000-0000-4000-8000-000000000001", source: "vpn" }],
      start: new Date("2026-11-01"),
      end: new Date("2026-11-02"),
      count: 3000,
    });
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const { request } = generator.next().payload;
      const secrets = secretValuesOf(request);
      if (secrets.length === 0) continue;
      const { command } = toCurl(request, { secrets: "placeholders" });
      for (const secret of secrets) expect(command, `${request.url} leaks ${secret}`).not.toContain(secret);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});

/** The credentials a generated request carries, found independently of the code under test. */
function secretValuesOf(request: Request): string[] {
  const values: string[] = [];
  for (const { name, value } of request.headers) {
    const lower = name.toLowerCase();
    if (lower === "authorization") values.push(value.replace(/^\S+\s+/, ""));
    if (lower === "x-goog-api-key" || lower === "x-sentry-auth") values.push(value);
    if (lower === "cookie") values.push(...value.split("; ").map((c) => c.slice(c.indexOf("=") + 1)));
  }
  const body = request.body?.encoding === "text" ? request.body.content : "";
  for (const key of ["password", "refresh_token", "csrf_token", "code_verifier", "api_key", "fetch_token", "token"]) {
    for (const match of body.matchAll(new RegExp(`"${key}":"([^"]+)"|(?:^|&)${key}=([^&]+)`, "g")))
      values.push(match[1] ?? match[2]);
  }
  return values.filter((v) => v.length >= 6);
}
