import { describe, expect, it } from "vitest";
import { RestError } from "./errors";
import { runParser } from "./parse/cursor";
import { logicTree, opExpr } from "./parse/filter";
import { orderParser } from "./parse/order";
import { parseQueryString, type QueryParams } from "./parse/query-string";
import { selectParser } from "./parse/select";
import { parsePreferences } from "./request/preferences";
import { negotiate } from "./request/media";
import { contentRange, rangeStatus } from "./request/range";

/** The query grammar without a database: what supabase-js sends, parsed as PostgREST parses it. */

function parsed(raw: string, isRpcRead = false): QueryParams {
  const result = parseQueryString(raw, isRpcRead);
  if (result instanceof RestError) throw new Error(`unexpected ${JSON.stringify(result.body())}`);
  return result;
}

function failure(raw: string): ReturnType<RestError["body"]> {
  const result = parseQueryString(raw, false);
  if (!(result instanceof RestError)) throw new Error("expected a parse error");
  return result.body();
}

describe("select", () => {
  it("parses columns, aliases, casts, JSON paths and stars", () => {
    expect(runParser("s", "id,title:name,meta->>k,data->a->0,amount::text,*", selectParser)).toEqual([
      { kind: "field", field: { name: "id", jsonPath: [] } },
      { kind: "field", field: { name: "name", jsonPath: [] }, alias: "title" },
      { kind: "field", field: { name: "meta", jsonPath: [{ arrow: "->>", value: "k", index: false }] } },
      {
        kind: "field",
        field: {
          name: "data",
          jsonPath: [
            { arrow: "->", value: "a", index: false },
            { arrow: "->", value: "+0", index: true },
          ],
        },
      },
      { kind: "field", field: { name: "amount", jsonPath: [] }, cast: "text" },
      { kind: "field", field: { name: "*", jsonPath: [] } },
    ]);
  });

  it("parses embedded resources with aliases, hints, join types and spreads", () => {
    const [author, spread] = runParser(
      "s",
      "author:users!users_fk!inner(email,*),...devices(name)",
      selectParser,
    ) as never[];
    expect(author).toMatchObject({
      kind: "relation",
      name: "users",
      alias: "author",
      hint: "users_fk",
      joinType: "inner",
      spread: false,
    });
    expect(spread).toMatchObject({
      kind: "relation",
      name: "devices",
      spread: true,
      children: [{ field: { name: "name" } }],
    });
  });

  it("accepts quoted names and names with dashes and spaces", () => {
    expect(runParser("s", '"a,b":"weird col",first-name, spaced ', selectParser)).toEqual([
      { kind: "field", field: { name: "weird col", jsonPath: [] }, alias: "a,b" },
      { kind: "field", field: { name: "first-name", jsonPath: [] } },
      { kind: "field", field: { name: "spaced", jsonPath: [] } },
    ]);
  });

  it("reports the position of a select error as PostgREST does", () => {
    expect(failure("select=id,clients(name[])")).toEqual({
      code: "PGRST100",
      message: '"failed to parse select parameter (id,clients(name[]))" (line 1, column 16)',
      details: expect.stringContaining('unexpected "["'),
      hint: null,
    });
  });
});

describe("filters", () => {
  it("parses every operator, negation, quantifiers and full-text configs", () => {
    const op = (text: string) => runParser("f", text, (cursor) => opExpr(cursor));
    expect(op("eq.1")).toEqual({ negated: false, operation: { kind: "quant", op: "eq", value: "1" } });
    expect(op("not.gte.5")).toEqual({ negated: true, operation: { kind: "quant", op: "gte", value: "5" } });
    expect(op("like(any).{a*,b*}")).toEqual({
      negated: false,
      operation: { kind: "quant", op: "like", quantifier: "any", value: "{a*,b*}" },
    });
    expect(op('in.(1,2,"a,b")')).toEqual({ negated: false, operation: { kind: "in", values: ["1", "2", "a,b"] } });
    expect(op("is.NULL")).toEqual({ negated: false, operation: { kind: "is", value: "null" } });
    expect(op("isdistinct.x")).toEqual({ negated: false, operation: { kind: "isdistinct", value: "x" } });
    expect(op("fts(english).fat & cat")).toEqual({
      negated: false,
      operation: { kind: "fts", op: "fts", language: "english", value: "fat & cat" },
    });
    expect(op("wfts.a b")).toEqual({ negated: false, operation: { kind: "fts", op: "wfts", value: "a b" } });
    for (const simple of ["neq", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj"])
      expect(op(`${simple}.v`)).toMatchObject({ operation: { kind: "simple", op: simple, value: "v" } });
    for (const quant of ["gt", "lt", "lte", "ilike", "match", "imatch"])
      expect(op(`${quant}.v`)).toMatchObject({ operation: { kind: "quant", op: quant } });
  });

  it("keeps dots and commas inside values", () => {
    expect(parsed("name=eq.a.b,c").filters[0].value.operation).toEqual({ kind: "quant", op: "eq", value: "a.b,c" });
  });

  it("puts filters on embedded resources at their path", () => {
    expect(parsed("devices.name=eq.x").filters).toEqual([
      {
        path: ["devices"],
        value: {
          field: { name: "name", jsonPath: [] },
          negated: false,
          operation: { kind: "quant", op: "eq", value: "x" },
        },
      },
    ]);
  });

  it("parses nested and/or trees with not, quoted values and arrays", () => {
    const tree = runParser("l", 'or(a.eq.1,not.and(b.gt.2,c.in.(3,4)),d.cs.{x,y},e.eq."q,)")', logicTree);
    expect(tree).toMatchObject({
      kind: "expr",
      operator: "or",
      negated: false,
      children: [
        { kind: "filter", filter: { field: { name: "a" }, operation: { op: "eq", value: "1" } } },
        {
          kind: "expr",
          operator: "and",
          negated: true,
          children: [
            { filter: { operation: { op: "gt" } } },
            { filter: { operation: { kind: "in", values: ["3", "4"] } } },
          ],
        },
        { filter: { operation: { op: "cs", value: "{x,y}" } } },
        { filter: { operation: { value: "q,)" } } },
      ],
    });
    expect(parsed("devices.not.or=(a.eq.1)").logic[0]).toMatchObject({
      path: ["devices"],
      value: { negated: true, operator: "or" },
    });
  });

  it("answers an unknown operator with PGRST100", () => {
    expect(failure("a.b=noop.0")).toEqual({
      code: "PGRST100",
      message: '"failed to parse filter (noop.0)" (line 1, column 1)',
      details: 'unexpected "o" expecting "not" or operator (eq, gt, ...)',
      hint: null,
    });
    expect(failure("or=(a.eq.1").code).toBe("PGRST100");
  });

  it("reads parameters without an operator as function arguments on GET /rpc", () => {
    const query = parsed("a=1&b={1,2}&id=gt.3", true);
    expect(query.rpcArgs).toEqual([
      ["a", "1"],
      ["b", "{1,2}"],
    ]);
    expect(query.filters).toHaveLength(1);
  });
});

describe("order, ranges, columns", () => {
  it("parses directions, nulls ordering and related orders", () => {
    expect(runParser("o", "a.desc.nullslast,b,c.nullsfirst,author(name).asc", orderParser)).toEqual([
      { field: { name: "a", jsonPath: [] }, direction: "desc", nulls: "last" },
      { field: { name: "b", jsonPath: [] } },
      { field: { name: "c", jsonPath: [] }, nulls: "first" },
      { relation: "author", field: { name: "name", jsonPath: [] }, direction: "asc" },
    ]);
    expect(failure("order=a.up").details).toBe('unexpected "u" expecting "asc", "desc", "nullsfirst" or "nullslast"');
  });

  it("combines limit and offset per level", () => {
    const query = parsed("limit=10&offset=20&devices.limit=2");
    expect(query.ranges.get("")).toEqual({ lower: 20, upper: 29 });
    expect(query.ranges.get("devices")).toEqual({ lower: 0, upper: 1 });
  });

  it("parses columns and on_conflict lists", () => {
    const query = parsed('columns="title","done"&on_conflict=id,slug');
    expect(query.columns).toEqual(["title", "done"]);
    expect(query.onConflict).toEqual(["id", "slug"]);
  });
});

describe("headers", () => {
  it("reads Prefer values joined by commas, first of each kind winning", () => {
    expect(
      parsePreferences("resolution=merge-duplicates, return=representation, count=exact, return=minimal, bogus"),
    ).toEqual({
      resolution: "merge-duplicates",
      representation: "full",
      count: "exact",
      invalid: ["bogus"],
    });
    expect(parsePreferences(["missing=default", "handling=strict, max-affected=5"])).toMatchObject({
      missing: "default",
      handling: "strict",
      maxAffected: 5,
    });
  });

  it("negotiates the media types Supabase serves and refuses the rest with PGRST107", () => {
    expect(negotiate(undefined)).toEqual({ kind: "json", stripNulls: false });
    expect(negotiate("application/vnd.pgrst.object+json")).toEqual({ kind: "single", stripNulls: false });
    expect(negotiate("text/csv")).toEqual({ kind: "csv" });
    expect(negotiate("text/html;q=0.9, application/json")).toEqual({ kind: "json", stripNulls: false });
    expect((negotiate("application/xml") as RestError).body()).toEqual({
      code: "PGRST107",
      message: "None of these media types are available: application/xml",
      details: null,
      hint: null,
    });
  });

  it("formats Content-Range and range statuses as PostgREST", () => {
    expect(contentRange(0, 9, null)).toBe("0-9/*");
    expect(contentRange(0, -1, 0)).toBe("*/0");
    expect(contentRange(10, 19, 100)).toBe("10-19/100");
    expect(rangeStatus(0, 10, 100)).toBe(206);
    expect(rangeStatus(0, 10, 10)).toBe(200);
    expect(rangeStatus(200, 0, 100)).toBe(416);
  });
});

describe("casts", () => {
  it("accepts type names with spaces but never a dollar sign", () => {
    expect(parsed("select=ts::timestamp with time zone").select).toEqual([
      { kind: "field", field: { name: "ts", jsonPath: [] }, cast: "timestamp with time zone" },
    ]);
    expect(failure("select=a::$$,b::$$").code).toBe("PGRST100");
  });
});
