import { describe, expect, it } from "vitest";
import { htmlFields, isHighEntropy, isSecretName, partsToText, SecretScanner } from "./detect";
import { secretlintFindings } from "./secretlint";

const CSRF = "Zk9pQ2x1cE1WbGp4T3dYc0RmR2h0UnNrYjNn";
const META = "mT4nQ8vX2kL7pR1wY6zB3cF9hJ0sD5gA";
const CODE = "SplxlOBeZQQYbYS6WxSbIA";

function text(scanner: SecretScanner, parts: ReturnType<SecretScanner["url"]>) {
  return partsToText(scanner.everywhere(parts));
}

describe("the secret detector", () => {
  it("finds CSRF values in an HTML page: hidden inputs and the csrf-token meta tag", () => {
    const html = `<!doctype html><html><head><meta name="csrf-token" content="${META}"><meta name="viewport" content="width=device-width"></head>
<body><form method="post" action="/login"><input type="hidden" name="authenticity_token" value="${CSRF}">
<input type='hidden' value='${CSRF}x9Q' name='form_nonce'><input name="email" value="a@example.com"></form></body></html>`;
    const scanner = new SecretScanner();
    const out = text(scanner, scanner.body(html, "text/html; charset=utf-8", "response body"));
    expect(out).not.toContain(CSRF);
    expect(out).not.toContain(META);
    expect(out).toContain('content="{{CSRF_TOKEN}}"');
    expect(out).toContain('value="{{AUTHENTICITY_TOKEN}}"');
    expect(out).toContain('content="width=device-width"');
    expect(out).toContain('value="a@example.com"');
    expect(scanner.placeholders.map((p) => p.where)).toContain("response body HTML csrf-token");
  });

  it("reads HTML fields with entities decoded and attributes in any order", () => {
    const fields = htmlFields(`<input value="a&amp;b" type="HIDDEN" name="x"><meta content='c' name=d>`);
    expect(fields.map(({ name, value, hidden }) => ({ name, value, hidden }))).toEqual([
      { name: "x", value: "a&b", hidden: true },
      { name: "d", value: "c", hidden: false },
    ]);
  });

  it("finds an OAuth code in a 302's Location and in a fragment", () => {
    const scanner = new SecretScanner();
    const location = text(scanner, scanner.header("Location", `https://app.example/cb?code=${CODE}&state=xyz`));
    expect(location).toBe("https://app.example/cb?code={{CODE}}&state=xyz");
    const implicit = text(scanner, scanner.url("https://app.example/cb#access_token=at-123456&token_type=bearer"));
    expect(implicit).toBe("https://app.example/cb#access_token={{ACCESS_TOKEN}}&token_type=bearer");
  });

  it("finds sentry_key and ?key=AIza… in a query string, and random-looking values anywhere", () => {
    const scanner = new SecretScanner();
    const url = text(
      scanner,
      scanner.url(
        "https://o1.ingest.sentry.io/api/5/envelope/?sentry_key=0123abcd4567ef89&sentry_version=7&k=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
      ),
    );
    expect(url).toBe("https://o1.ingest.sentry.io/api/5/envelope/?sentry_key={{SENTRY_KEY}}&sentry_version=7&k={{K}}");
    expect(isSecretName("sentry_key")).toBe(true);
    expect(isSecretName("publicKey")).toBe(true);
    expect(isSecretName("monkey")).toBe(false);
    expect(isHighEntropy("q8Xv2LmR7tZp4KcN9wYbH3sD")).toBe(true);
    expect(isHighEntropy("550e8400-e29b-41d4-a716-446655440000")).toBe(false);
    expect(isHighEntropy("my-long-product-name-2026")).toBe(false);
    const header = text(scanner, scanner.header("X-Device-Session", "q8Xv2LmR7tZp4KcN9wYbH3sD"));
    expect(header).toBe("{{X_DEVICE_SESSION}}");
  });

  it("keeps ordinary values readable", () => {
    const scanner = new SecretScanner();
    const json = JSON.stringify({ grant: "password", user: { id: 7, name: "Ada" }, path: "/v1/items/42" });
    expect(text(scanner, scanner.body(json, "application/json", "body"))).toBe(json);
    expect(scanner.placeholders).toEqual([]);
  });

  it("adds secretlint's recommended rules on the server", async () => {
    const found = await secretlintFindings([
      "db=postgres://admin:Tr0ub4dor3x@db.internal.example:5432/app token=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    ]);
    expect(found.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining([
        "@secretlint/secretlint-rule-database-connection-string",
        "@secretlint/secretlint-rule-github",
      ]),
    );
    expect(found.map((f) => f.value).join(" ")).toContain("Tr0ub4dor3x");
  });
});
