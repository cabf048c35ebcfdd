import { ambiguousFunction, noFunction, type RestError } from "../errors";
import { SINGLE_ARGUMENT_TYPES, type BodyMediaType } from "../request/payload";
import { closest } from "../schema-cache/similarity";
import type { Routine, SchemaCache } from "../schema-cache/types";

/**
 * PostgREST's `findProc`: overloads are told apart by the argument names the request gives.
 * Required parameters must all be present, optional ones may be. When no overload matches by
 * name, a POST falls back to a function whose single parameter is unnamed and of the type the
 * body's media type calls for (json/jsonb for JSON, text, xml, bytea); that function then takes
 * the whole body as its argument.
 */

function matchesArguments(routine: Routine, keys: Set<string>, mediaType: BodyMediaType | undefined): boolean {
  if (routine.params.length === 0) return keys.size === 0 && !(mediaType && mediaType in SINGLE_ARGUMENT_TYPES);
  // SQL cannot pass an unnamed parameter by name: a key "" only ever means the whole body of
  // a function of one unnamed parameter, and a required unnamed parameter among others
  // cannot be given at all.
  if (!takesWholeBody(routine) && (keys.has("") || routine.params.some((param) => param.name === "" && param.required)))
    return false;
  const required = routine.params.filter((param) => param.required).map((param) => param.name);
  const optional = new Set(routine.params.filter((param) => !param.required).map((param) => param.name));
  const givenRequired = [...keys].filter((key) => !optional.has(key));
  return givenRequired.length === required.length && required.every((name) => keys.has(name));
}

/** A parameter type the body can be, by its media type. */
function bodyTakes(mediaType: BodyMediaType | undefined, type: string): boolean {
  if (mediaType === "application/json") return type === "json" || type === "jsonb";
  if (mediaType && mediaType in SINGLE_ARGUMENT_TYPES)
    return SINGLE_ARGUMENT_TYPES[mediaType as keyof typeof SINGLE_ARGUMENT_TYPES] === type;
  return false;
}

export function takesWholeBody(routine: Routine): boolean {
  return routine.params.length === 1 && routine.params[0].name === "";
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

/**
 * @param mediaType the body's media type on POST; undefined for GET and HEAD, which never
 *                  fall back to a single unnamed parameter.
 */
export function findRoutine(
  cache: SchemaCache,
  name: string,
  keys: Set<string>,
  mediaType: BodyMediaType | undefined,
): Routine | RestError {
  const overloads = cache.routines.get(name) ?? [];
  const matches = overloads.filter((routine) => matchesArguments(routine, keys, mediaType));
  const fallbacks = overloads.filter(
    (routine) =>
      !matchesArguments(routine, keys, mediaType) &&
      takesWholeBody(routine) &&
      bodyTakes(mediaType, routine.params[0].type),
  );
  const chosen = matches.length > 0 ? matches : fallbacks;
  if (chosen.length === 1) return chosen[0];
  if (chosen.length > 1) return ambiguousFunction(chosen.map(describe));
  const sortedKeys = [...keys].sort();
  const singleOnly = mediaType !== undefined && mediaType in SINGLE_ARGUMENT_TYPES;
  return noFunction(
    cache.schema,
    name,
    sortedKeys,
    mediaType,
    singleOnly ? null : hint(cache, name, sortedKeys, overloads),
  );
}
