import { sendJson } from "../http";
import type { Service, StandInContext } from "../service";

/** GoTrue-compatible Auth under /auth/v1. */
export function createAuthService(_context: StandInContext): Service {
  return {
    async handle(_req, res, path) {
      if (path === "/health") return sendJson(res, 200, { version: "busymate-local", name: "GoTrue", description: "GoTrue is a user registration and authentication API" });
      sendJson(res, 404, { code: 404, error_code: "not_found", msg: "Not Found" });
    },
    async close() {},
  };
}
