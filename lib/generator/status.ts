import type { Host, Method } from "./hosts";
import { weighted, type Random } from "./random";

/**
 * Status mix of generated responses, by method: reads mostly succeed or revalidate (304),
 * writes create (201) or fail validation (4xx), deletes answer 204, preflights 204.
 */

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

const FAILURES = [
  [400, 0.5],
  [401, 1.5],
  [403, 0.5],
  [404, 1.5],
  [429, 0.5],
  [500, 0.4],
  [502, 0.3],
  [503, 0.3],
] as const;

const cacheableRead = weighted<number>([
  [200, 80],
  [304, 12],
  [301, 1],
  [302, 1.5],
  [404, 2],
  [403, 0.3],
  [500, 0.2],
  [502, 0.2],
  [503, 0.2],
]);
const apiRead = weighted<number>([[200, 90], [304, 2], [302, 0.3], ...FAILURES, [404, 2]]);
const create = weighted<number>([
  [200, 72],
  [201, 14],
  [204, 2],
  [400, 2.5],
  [401, 2],
  [403, 0.4],
  [409, 1],
  [422, 3],
  [429, 1],
  [500, 0.6],
  [502, 0.3],
  [503, 0.4],
]);
const update = weighted<number>([
  [200, 80],
  [204, 10],
  [400, 2],
  [404, 2],
  [409, 2],
  [422, 3],
  [500, 0.5],
  [503, 0.3],
]);
const remove = weighted<number>([
  [204, 80],
  [200, 10],
  [404, 6],
  [403, 2],
  [500, 0.5],
]);
const preflight = weighted<number>([
  [204, 92],
  [200, 8],
]);

export function statusFor(random: Random, method: Method, kind: Host["kind"]): number {
  switch (method) {
    case "GET":
      return kind === "static" || kind === "web" ? cacheableRead(random) : apiRead(random);
    case "POST":
      return create(random);
    case "PUT":
    case "PATCH":
      return update(random);
    case "DELETE":
      return remove(random);
    case "OPTIONS":
      return preflight(random);
  }
}
