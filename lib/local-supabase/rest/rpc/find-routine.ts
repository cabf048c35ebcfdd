import { ambiguousFunction, noFunction, type RestError } from "../errors";
import { closest } from "../schema-cache/similarity";
import type { Routine, SchemaCache } from "../schema-cache/types";

/**
 * PostgREST's `findProc`: overloads are told apart by the argument names the request gives.
 * Required parameters must all be present, optional ones may be; a function with a single
 * unnamed json/jsonb parameter takes the whole JSON body when no named overload matches.
 */

function matchesArguments(routine: Routine, keys: Set<string>): boolean {
  if (routine.params.length === 0) return keys.size === 0;
  const required = routine.params.filter((param) => param.required).map((param) => param.name);
  const optional = new Set(routine.params.filter((param) => !param.required).map((param) => param.name));
  const givenRequired = [...keys].filter((key) => !optional.has(key));
  return givenRequired.length === required.length && required.every((name) => keys.has(name));
}

function takesWholeBody(routine: Routine, isPost: boolean): boolean {
  const [param] = routine.params;
  return (
    isPost && routine.params.length === 1 && param.name === "" && (param.type === "json" || param.type === "jsonb")
  );
}

function describe(routine: Routine): string {
  return `${routine.schema}.${routine.name}(${routine.params.map((param) => `${param.name} => ${param.type}`).join(", ")})`;
}

/** "Perhaps you meant …": a similar function name, or a similar set of parameter names. */
function hint(cache: SchemaCache, name: string, keys: string[], overloads: Routine[]): string | null {
  if (overloads.length === 0) {
    const similar = closest(
      name,
      [...cache.routines.keys()].filter((candidate) => candidate !== name),
      0.75,
    );
    return similar ? `Perhaps you meant to call the function ${cache.schema}.${similar}` : null;
  }
  const asList = (names: string[]) => `(${[...names].sort().join(", ")})`;
  const lists = overloads.map((routine) => asList(routine.params.map((param) => param.name)));
  const similar = closest(asList(keys), lists, 0.33);
  return similar ? `Perhaps you meant to call the function ${cache.schema}.${name}${similar}` : null;
}

export function findRoutine(cache: SchemaCache, name: string, keys: Set<string>, isPost: boolean): Routine | RestError {
  const overloads = cache.routines.get(name) ?? [];
  const matches = overloads.filter((routine) => matchesArguments(routine, keys));
  const fallbacks = overloads.filter((routine) => !matchesArguments(routine, keys) && takesWholeBody(routine, isPost));
  const chosen = matches.length > 0 ? matches : fallbacks;
  if (chosen.length === 1) return chosen[0];
  if (chosen.length > 1) return ambiguousFunction(chosen.map(describe));
  const sortedKeys = [...keys].sort();
  return noFunction(cache.schema, name, sortedKeys, isPost, hint(cache, name, sortedKeys, overloads));
}
