import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, changedTables, fuzzParams, type FuzzStack } from "./harness";
import { deepJson, hostileString, jsonText } from "./schema-arbitrary";

/**
 * Writes through the stand-in's REST as a member: POST, PATCH, PUT and DELETE on the app's
 * tables with filters, bodies of wrong types and hostile text (NUL, lone surrogates, huge and
 * deep values), malformed JSON and the Prefer options that change how a write ends. Every
 * answer is a 2xx or a PostgREST-shaped 4xx, never a 5xx, and a refused write changes nothing.
 */

const TABLES = ["devices", "workspaces", "workspace_devices", "tags", "entry_tags", "service_groups", "entries"];

export function describeRestWrites(fuzz: () => FuzzStack, runs = 80) {
  describe("the stand-in's REST writes", () => {
    it("answers 2xx or a PostgREST 4xx, never 5xx, and a refused write writes nothing", async () => {
      const stack = fuzz();
      const { rows } = await stack.owner.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)",
        [TABLES],
      );
      const columnsOf = new Map<string, string[]>();
      for (const row of rows)
        columnsOf.set(row.table_name, [...(columnsOf.get(row.table_name) ?? []), row.column_name]);
      const known = stack.known;

      const field = fc.oneof(
        fc.constantFrom(...known.uuids),
        fc.constantFrom(...known.strings),
        fc.integer(),
        fc.constantFrom(null, true, 1e308, -1, 2 ** 63, "", "not-a-uuid", "2026-13-45"),
        hostileString,
        deepJson,
        fc.jsonValue({ maxDepth: 2 }),
      );
      const request = fc.constantFrom(...TABLES).chain((table) => {
        const columns = columnsOf.get(table)!;
        const row = fc.dictionary(fc.oneof(fc.constantFrom(...columns), fc.string({ maxLength: 6 })), field, {
          minKeys: 1,
          maxKeys: 3,
        });
        const body = fc.oneof(
          row.map((value) => jsonText(value)),
          fc.array(row, { minLength: 1, maxLength: 3 }).map((value) => jsonText(value)),
          fc.constantFrom('{"name":', "[]", "[1,2]", '"text"', "null", "", "{}"),
        );
        const filter = fc.oneof(
          fc.constant(""),
          fc
            .tuple(
              fc.constantFrom(...columns),
              fc.constantFrom("eq", "in", "neq", "is", "bogus"),
              fc.constantFrom(...known.uuids, "null", "1", "(", "%00"),
            )
            .map(([column, op, value]) => `${column}=${op}.${op === "in" ? `(${value})` : value}`),
        );
        return fc.record({
          table: fc.constant(table),
          method: fc.constantFrom("POST", "PATCH", "PUT", "DELETE"),
          filter,
          body,
          prefer: fc.constantFrom(
            "return=representation",
            "return=minimal",
            "return=headers-only",
            "missing=default",
            "resolution=merge-duplicates",
            "resolution=ignore-duplicates",
            "handling=strict, max-affected=1",
            "tx=rollback",
            "bogus",
          ),
          contentType: fc.constantFrom("application/json", "application/json", "text/csv", "text/plain", "bogus/type"),
        });
      });

      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async ({ table, method, filter, body, prefer, contentType }) => {
          const before = await stack.fingerprint();
          const answer = await answerOf(
            await fetch(`${stack.restUrl}/${table}${filter ? `?${filter}` : ""}`, {
              method,
              headers: {
                apikey: stack.stack.localEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
                authorization: `Bearer ${stack.tokens.member}`,
                "content-type": contentType,
                prefer,
              },
              body: method === "DELETE" ? undefined : body,
            }),
          );
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const context = `${method} /rest/v1/${table}?${filter} (${prefer}, ${contentType}) ${body.slice(0, 200)}`;
          expect(answer.status, `${context}: ${answer.text.slice(0, 400)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.json, `${context}: not PostgREST's shape: ${answer.text.slice(0, 300)}`).toMatchObject({
              code: expect.any(String),
              message: expect.any(String),
            });
            expect(changedTables(before, await stack.fingerprint()), `${context} refused but wrote`).toEqual([]);
          }
        }),
        fuzzParams(runs),
      );
      // The generator must reach real writes, not only refusals.
      expect(
        [...statuses.keys()].some((status) => status < 300),
        JSON.stringify([...statuses]),
      ).toBe(true);
    });
  });
}
