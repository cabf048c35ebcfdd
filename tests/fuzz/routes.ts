import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, changedTables, fuzzParams, type Answer, type FuzzStack } from "./harness";
import { DeepJson, hostileString, jsonText } from "./schema-arbitrary";

/**
 * Every app route handler (app/**\/route.ts, found on disk so a new route joins by itself)
 * with the wrong method, the wrong content type, malformed JSON, a 10 MB body, JSON with NUL
 * and lone surrogates, and deep nesting, signed in or not: never a 5xx, every refusal in a
 * structured body (the app's error object, JSON-RPC's on /mcp), a 405 naming what is allowed,
 * and nothing written by a refused request.
 */

const appDir = path.resolve(import.meta.dirname, "..", "..", "app");

/** URL paths of every route handler, with dynamic segments filled by `fill`. */
export function routePaths(fill: (segment: string) => string): string[] {
  return readdirSync(appDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .map((entry) => {
      const segments = path
        .relative(appDir, entry.parentPath)
        .split(path.sep)
        .filter((segment) => segment && !/^\(.*\)$/.test(segment))
        .map((segment) => (segment.startsWith("[") ? fill(segment) : segment));
      return `/${segments.join("/")}`;
    })
    .sort();
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const TEN_MB = 10 * 1024 * 1024;

type Body = { label: string; text?: string; contentType?: string };

const bodies: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ label: "none" }),
  fc.constantFrom<Body>(
    { label: "malformed JSON", text: '{"question": "hi",', contentType: "application/json" },
    { label: "not an object", text: '"just a string"', contentType: "application/json" },
    { label: "null", text: "null", contentType: "application/json" },
    { label: "trailing garbage", text: '{"a":1} {"b":2}', contentType: "application/json" },
    { label: "BOM", text: '\ufeff{"a":1}', contentType: "application/json" },
    { label: "form", text: "question=hi&x=%00", contentType: "application/x-www-form-urlencoded" },
    {
      label: "multipart",
      text: "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--",
      contentType: "multipart/form-data; boundary=b",
    },
    { label: "xml", text: "<a>1</a>", contentType: "application/xml" },
    { label: "bad content type", text: "{}", contentType: "application/json; charset=ebcdic" },
    { label: "nonsense content type", text: "{}", contentType: ";;;==" },
  ),
  fc
    .record({
      key: fc.constantFrom("question", "name", "code", "device_uuid", "jsonrpc", "method"),
      value: hostileString,
    })
    .map(({ key, value }) => ({
      label: `hostile ${key}`,
      text: jsonText({ [key]: value }),
      contentType: "application/json",
    })),
  fc.tuple(fc.integer({ min: 1_000, max: 30_000 }), fc.boolean()).map(([depth, arrays]) => ({
    label: `deep ${depth}`,
    text: new DeepJson(depth, arrays).text(),
    contentType: "application/json",
  })),
  fc.constantFrom("application/json", "text/plain").map((contentType) => ({
    label: `10 MB ${contentType}`,
    text: `{"question":"${"x".repeat(TEN_MB)}"}`,
    contentType,
  })),
);

/**
 * Paths served before Next (lib/oauth/mount.ts): the first-party token and the OAuth
 * authorization server, which keeps RFC 6749's `{error, error_description}`.
 */
const SERVED_BEFORE_NEXT = [
  "/first-party-token",
  "/oauth/token",
  "/oauth/reg",
  "/oauth/authorize",
  "/oauth/revoke",
  "/.well-known/oauth-authorization-server",
  "/.well-known/oauth-protected-resource/mcp",
];

/** The app's error object, JSON-RPC's on /mcp, or RFC 6749's on OAuth paths: always a code and a message. */
function expectStructured(answer: Answer, context: string) {
  const oauth = answer.json as { error?: unknown; error_description?: unknown } | undefined;
  if (typeof oauth?.error === "string") {
    expect(typeof oauth.error_description, `${context}: ${answer.text.slice(0, 300)}`).toBe("string");
    return;
  }
  const body = answer.json as { error?: { code?: unknown; message?: unknown } } | undefined;
  expect(body?.error, `${context}: unstructured ${answer.status}: ${answer.text.slice(0, 300)}`).toBeDefined();
  expect(["string", "number"], context).toContain(typeof body!.error!.code);
  expect(typeof body!.error!.message, context).toBe("string");
}

export function describeRoutes(fuzz: () => FuzzStack, runs = 40) {
  describe("every app route with bad requests", () => {
    it("never answers 5xx, always says why, and writes nothing when it refuses", async () => {
      const stack = fuzz();
      const device = stack.known.uuids[0];
      const paths = routePaths((segment) =>
        segment.startsWith("[...") ? "no/such/thing" : segment === "[name]" ? "update_device" : device,
      );
      expect(paths).toContain("/functions/v1/ask");
      paths.push(...SERVED_BEFORE_NEXT);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          fc.constantFrom(...METHODS),
          bodies,
          fc.constantFrom("member", "none"),
          async (route, method, body, who) => {
            const headers: Record<string, string> = {};
            if (who === "member") headers.authorization = `Bearer ${stack.tokens.member}`;
            if (body.contentType) headers["content-type"] = body.contentType;
            if (route === "/mcp") headers.accept = "application/json, text/event-stream";
            const before = await stack.fingerprint();
            const answer = await answerOf(
              await fetch(`${stack.appUrl}${route}`, {
                method,
                headers,
                body: method === "GET" ? undefined : body.text,
                redirect: "manual",
              }),
            );
            const context = `${method} ${route} (${body.label}, ${who})`;
            // /health/ready answers 503 with its checks while a component is down; nothing here takes one down.
            expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
            if (answer.status >= 400) {
              // The authorization endpoint shows a person an HTML page when it cannot trust the
              // redirect_uri to carry the error (RFC 6749 §4.1.2.1); every other path answers data.
              if (route === "/oauth/authorize" && answer.contentType.startsWith("text/html")) {
                expect(answer.text, context).toMatch(/invalid_request|invalid_client|error/i);
              } else expectStructured(answer, context);
              if (answer.status === 405) expect(answer.text, context).toMatch(/METHOD_NOT_ALLOWED|not allowed/i);
              expect(changedTables(before, await stack.fingerprint()), `${context} refused but wrote`).toEqual([]);
            }
          },
        ),
        fuzzParams(runs),
      );
    });
  });
}
