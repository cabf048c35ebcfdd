import type { Routine, RoutineParam } from "../schema-cache/types";
import { bodySql } from "./body";
import { ident, qualified, typeName, type Params } from "./params";

/**
 * A function call (PostgREST's `callPlanToQuery`). Arguments are named (`"a" := …`), so a
 * function with defaults can be called with any subset; POSTed JSON is typed through
 * `json_to_record`, query-string arguments are bound and cast to the parameter's type.
 */
export type CallArguments =
  | { kind: "json"; json: string; isObject: boolean }
  /** The whole body as the single unnamed parameter; `bytes` when `value` is hex for a bytea. */
  | { kind: "whole-body"; value: string; bytes: boolean }
  | { kind: "direct"; values: Map<string, string> };

export function returnsScalar(routine: Routine): boolean {
  return !routine.returns.composite && !routine.returns.void;
}

export function callSql(routine: Routine, params: RoutineParam[], args: CallArguments, sql: Params): string {
  const fn = qualified(routine.schema, routine.name);
  const scalar = returnsScalar(routine) || routine.returns.void;
  const callIt = (argumentsSql: string) =>
    scalar ? `(SELECT ${fn}(${argumentsSql}) pgrst_scalar) pgrst_call` : `${fn}(${argumentsSql}) pgrst_call`;
  const selected = scalar ? "pgrst_call.pgrst_scalar" : "pgrst_call.*";
  const variadic = (param: RoutineParam) => (param.variadic ? "VARIADIC " : "");

  if (args.kind === "whole-body") {
    const [param] = routine.params;
    const value = args.bytes
      ? `decode(${sql.add(args.value)}, 'hex')`
      : `${sql.add(args.value)}::${typeName(param.type)}`;
    return `SELECT ${selected} FROM ${callIt(value)}`;
  }
  if (params.length === 0) return `SELECT ${selected} FROM ${callIt("")}`;
  if (args.kind === "direct") {
    const list = params.map(
      (param) =>
        `${variadic(param)}${ident(param.name)} := ${sql.add(args.values.get(param.name) ?? null)}::${typeName(param.type)}`,
    );
    return `SELECT ${selected} FROM ${callIt(list.join(", "))}`;
  }
  const columns = params.map((param) => ({
    name: param.name,
    type: param.type,
    baseType: param.type,
    nullable: true,
    defaultExpr: null,
    generated: false,
    computed: false,
  }));
  const body = bodySql({ json: args.json, isObject: args.isObject, columns }, sql, {
    includeSelect: false,
    limitOne: true,
    applyDefaults: false,
  });
  const list = params.map((param) => `${variadic(param)}${ident(param.name)} := pgrst_body.${ident(param.name)}`);
  return `SELECT ${selected} ${body}, LATERAL ${callIt(list.join(", "))}`;
}
