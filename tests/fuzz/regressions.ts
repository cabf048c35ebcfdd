import { describe, expect, it } from "vitest";
import { answerOf, changedTables, expectAppError, type FuzzStack } from "./harness";

/** Counterexamples the properties found, kept as plain tests against the same stack. */
export function describeRegressions(fuzz: () => FuzzStack) {
  const post = async (path: string, body: string) =>
    answerOf(
      await fetch(`${fuzz().appUrl}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${fuzz().tokens.member}`, "content-type": "application/json" },
        body,
      }),
    );

  describe("fuzz counterexamples", () => {
    it("an OAuth path or method oidc-provider does not route is RFC 6749 JSON (was Koa's text Not Found)", async () => {
      const answer = await answerOf(await fetch(`${fuzz().appUrl}/oauth/reg`));
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({
        error: "not_found",
        error_description: expect.stringContaining("/oauth/reg"),
      });
    });

    it("REST with a URL over the 16 KiB header limit is a JSON 431 (Node's bare status line had no body)", async () => {
      const ids = Array.from({ length: 5_000 }, (_, i) => i).join(",");
      const response = await fetch(`${fuzz().restUrl}/devices?uuid=eq.(${ids})`, {
        headers: {
          apikey: fuzz().stack.localEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
          authorization: `Bearer ${fuzz().tokens.member}`,
        },
      });
      expect(response.status).toBe(431);
      expect(await response.json()).toMatchObject({ code: "431", message: expect.stringMatching(/too large/) });
    });

    it("a method a route does not export is a structured 405 naming what it accepts (was Next's empty 405)", async () => {
      const cases: [string, string, string][] = [
        ["PATCH", "/api/devices", "POST"],
        ["PUT", "/api/operations/list_devices", "POST"],
        ["POST", "/health", "GET"],
        ["DELETE", "/llms.txt", "GET"],
        ["GET", "/sign-out", "POST"],
        ["PATCH", "/mcp", "POST"],
      ];
      for (const [method, path, allowed] of cases) {
        const response = await fetch(`${fuzz().appUrl}${path}`, { method });
        expect(response.headers.get("allow"), `${method} ${path}`).toBe(allowed);
        expect(expectAppError(await answerOf(response), `${method} ${path}`).code).toBe("METHOD_NOT_ALLOWED");
      }
    });

    it("list_devices with a NUL in name is a 400 naming name (was a 500 from PostgreSQL's 22021)", async () => {
      const error = expectAppError(await post("/api/operations/list_devices", '{"name":"admin\\u0000"}'), "NUL");
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
    });

    it("a write with a lone surrogate is refused and writes nothing (node-postgres would store U+FFFD)", async () => {
      const before = await fuzz().fingerprint();
      const answer = await post("/api/operations/create_tag", '{"name":"tag \\ud800"}');
      expect(expectAppError(answer, "surrogate")).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
      expect(changedTables(before, await fuzz().fingerprint())).toEqual([]);
    });

    it("a __proto__ key is an unknown field, not a prototype that supplies fields", async () => {
      const answer = await post(
        "/api/operations/unpin_entry",
        '{"workspace_id":"00000000-0000-4000-8000-000000000000","entry_id":1,"__proto__":1}',
      );
      expect(expectAppError(answer, "__proto__")).toMatchObject({ code: "VALIDATION_FAILED", field: "__proto__" });
      const smuggled = await post("/api/operations/create_tag", '{"__proto__":{"name":"smuggled"}}');
      expect(expectAppError(smuggled, "smuggled").code).toBe("VALIDATION_FAILED");
      const { rows } = await fuzz().owner.query("SELECT 1 FROM public.tags WHERE name = 'smuggled'");
      expect(rows).toHaveLength(0);
    });
  });
}
