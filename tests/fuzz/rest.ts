import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, fuzzParams, type FuzzStack } from "./harness";

/**
 * A grammar fuzz of the stand-in's REST (`/rest/v1`, PostgREST v14's query language) as a
 * member, over the app's own tables: select lists with aliases, casts, JSON paths and embeds;
 * filters with every operator (and unknown ones), `not.`, nested `or`/`and`; order, limit,
 * offset, Range and Prefer; each part sometimes broken (unbalanced parentheses, stray
 * commas, bad casts, huge `in.()` lists, NUL, invalid UTF-8, unicode). Every answer is a 2xx
 * or a PostgREST-shaped 4xx, never a 5xx, and no error shows the SQL the stand-in built.
 */

const TABLES = [
  "devices",
  "entries",
  "workspaces",
  "workspace_devices",
  "tags",
  "entry_tags",
  "service_groups",
  "roles",
];
const OPERATORS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "in",
  "is",
  "isdistinct",
  "fts",
  "plfts",
  "phfts",
  "wfts",
  "cs",
  "cd",
  "ov",
  "sl",
  "sr",
  "nxr",
  "nxl",
  "adj",
  "eq(any)",
  "like(all)",
  "not.eq",
  "not.in",
  "bogus",
  "",
  "eq.",
  "not",
];
const CASTS = [
  "text",
  "int",
  "jsonb",
  "json",
  "uuid",
  "timestamptz",
  "bigint[]",
  "numeric(8, 2)",
  "bogus_type",
  "text; select 1",
  "int$1",
];

/** Text that breaks the grammar or the encoding rather than a value's type. */
const nasty = fc.constantFrom(
  "(",
  ")",
  "((",
  "))",
  ",",
  ",,",
  ".",
  "..",
  "*",
  "!",
  "!inner",
  "::",
  "->",
  "->>",
  '"',
  '""',
  "'",
  "\\",
  "%00",
  "%zz",
  "%ED%A0%80",
  "%C0%AF",
  "%FF",
  "😀",
  "\u202e",
  "ü",
  "null",
  "NULL",
  "true",
  "{}",
  "[]",
  "{a,b}",
  " ",
  "%20",
  "&",
  "=",
  "#",
);

const word = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/), nasty);

function columnArbitrary(columns: string[]) {
  return fc.oneof({ arbitrary: fc.constantFrom(...columns), weight: 4 }, { arbitrary: word, weight: 1 });
}

const value = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.uuid(),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom(
    "null",
    "true",
    "false",
    "unknown",
    "not_null",
    "2026-12-04T10:00:00Z",
    "{1,2}",
    "[1,10)",
    "'a' & 'b'",
  ),
  nasty,
  fc.string({ unit: "binary", maxLength: 6 }).map(encodeURIComponent),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `(${Array.from({ length: n }, (_, i) => i).join(",")})`),
  fc
    .array(fc.oneof(fc.integer().map(String), fc.uuid(), nasty), { maxLength: 5 })
    .map((items) => `(${items.join(",")})`),
);

/** The query string as the caller wrote it, each parameter decoded alone (one may be invalid UTF-8). */
const safeDecode = (search: string) =>
  search
    .split("&")
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    })
    .join("&");

export function describeRest(fuzz: () => FuzzStack, runs = 150) {
  describe("the stand-in's REST grammar", () => {
    it("answers 2xx or a PostgREST 4xx, never 5xx, never showing its SQL", async () => {
      const stack = fuzz();
      const { rows } = await stack.owner.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)",
        [TABLES],
      );
      const columnsOf = new Map<string, string[]>();
      for (const row of rows)
        columnsOf.set(row.table_name, [...(columnsOf.get(row.table_name) ?? []), row.column_name]);

      const query = fc.constantFrom(...TABLES, "no_such_table", "rpc/no_such_fn").chain((table) => {
        const columns = columnsOf.get(table) ?? ["id"];
        const column = columnArbitrary(columns);
        const embed = fc
          .tuple(
            fc.constantFrom(...TABLES.filter((other) => other !== table)),
            fc.constantFrom("", "!inner", "!left", "!bogus"),
            column,
          )
          .map(([other, hint, inner]) => `${other}${hint}(${inner})`);
        const selectItem = fc.oneof(
          column,
          fc.constant("*"),
          fc.tuple(word, column).map(([alias, col]) => `${alias}:${col}`),
          fc.tuple(column, fc.constantFrom(...CASTS)).map(([col, cast]) => `${col}::${cast}`),
          fc.tuple(column, word, fc.constantFrom("->", "->>")).map(([col, key, arrow]) => `${col}${arrow}${key}`),
          embed,
          fc.constantFrom("count()", "count", `...${TABLES[0]}(name)`, "id.sum()"),
        );
        const select = fc
          .tuple(fc.array(selectItem, { minLength: 1, maxLength: 4 }), fc.constantFrom("", "", "", "(", ")", ",", ")("))
          .map(([items, breakage]) => encodeURIComponent(items.join(",") + breakage));
        const filter = fc
          .tuple(column, fc.constantFrom(...OPERATORS), value)
          .map(([col, op, val]) => `${encodeURIComponent(col)}=${op}${op ? "." : ""}${val}`);
        const logic = fc
          .tuple(
            fc.constantFrom("or", "and", "not.or"),
            fc.array(fc.tuple(column, fc.constantFrom(...OPERATORS), value), { minLength: 1, maxLength: 3 }),
            fc.constantFrom("", ")", "(", "(("),
          )
          .map(
            ([kind, parts, breakage]) => `${kind}=(${parts.map(([c, o, v]) => `${c}.${o}.${v}`).join(",")}${breakage})`,
          );
        const order = fc
          .tuple(column, fc.constantFrom("", ".asc", ".desc", ".asc.nullsfirst", ".desc.nullslast", ".sideways"))
          .map(([col, dir]) => `order=${encodeURIComponent(col)}${dir}`);
        const paging = fc.oneof(
          fc.integer({ min: -5, max: 5_000 }).map((n) => `limit=${n}`),
          fc.integer({ min: -5, max: 100_000 }).map((n) => `offset=${n}`),
          fc.constantFrom("limit=abc", "limit=1e3", "offset=-1", "limit=99999999999999999999"),
        );
        return fc
          .record({
            select: fc.option(select, { nil: undefined }),
            filters: fc.array(fc.oneof(filter, logic, order, paging), { maxLength: 4 }),
          })
          .map(({ select: s, filters }) => ({
            table,
            search: [...(s ? [`select=${s}`] : []), ...filters].join("&"),
          }));
      });
      const headers = fc.record(
        {
          range: fc.constantFrom("0-9", "5-", "10-2", "bogus", "0-99999999999"),
          prefer: fc.constantFrom(
            "count=exact",
            "count=planned",
            "count=estimated",
            "count=bogus",
            "handling=strict, bogus=1",
          ),
          accept: fc.constantFrom(
            "application/vnd.pgrst.object+json",
            "text/csv",
            "application/geo+json",
            "*/*",
            "bogus/type",
          ),
        },
        { requiredKeys: [] },
      );

      await fc.assert(
        fc.asyncProperty(query, headers, async ({ table, search }, extra) => {
          const response = await fetch(`${stack.restUrl}/${table}?${search}`, {
            headers: {
              apikey: stack.stack.localEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
              authorization: `Bearer ${stack.tokens.member}`,
              ...extra,
            },
          });
          const answer = await answerOf(response);
          const context = `GET /rest/v1/${table}?${search.slice(0, 300)} ${JSON.stringify(extra)}`;
          expect(answer.status, `${context}: ${answer.text.slice(0, 400)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            const body = answer.json as { code?: unknown; message?: unknown; details?: unknown; hint?: unknown };
            expect(body, `${context}: not PostgREST's shape: ${answer.text.slice(0, 300)}`).toMatchObject({
              code: expect.any(String),
              message: expect.any(String),
            });
            expect("details" in body && "hint" in body, context).toBe(true);
            const said = [body.message, body.details, body.hint].map((part) => String(part ?? "")).join("\n");
            // PostgREST quotes the caller's own text back ("failed to parse select parameter (…)"):
            // only SQL the caller did not write is a leak.
            const leak = /\bselect\b.*\bfrom\b|"public"\."|\$\d+\b|json_agg|lateral|pg_catalog/i.exec(said);
            const sent = safeDecode(search);
            expect(
              leak && !sent.includes(leak[0]) ? leak[0] : undefined,
              `${context}: leaks SQL: ${said}`,
            ).toBeUndefined();
          }
        }),
        fuzzParams(runs),
      );
    });
  });
}
