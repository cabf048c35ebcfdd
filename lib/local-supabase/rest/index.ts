import { sendJson } from "../http";
import type { Service, StandInContext } from "../service";

/** PostgREST-compatible REST under /rest/v1. */
export function createRestService(_context: StandInContext): Service {
  return {
    async handle(_req, res, path) {
      sendJson(res, 404, { code: "PGRST125", details: null, hint: null, message: `Invalid path specified in request URL: ${path}` });
    },
    async close() {},
  };
}
