import { authenticateUser } from "../authenticate";
import type { Handler } from "../context";
import { badRequest } from "../errors";
import { endSessions, type LogoutScope } from "../sessions";

const SCOPES: LogoutScope[] = ["global", "local", "others"];

/**
 * `POST /logout?scope=global|local|others` (GoTrue `internal/api/logout.go`): global ends
 * every session of the user, local only the token's, others all but the token's. 204.
 */
export const logout: Handler = async ({ pool, keys }, { req, res, url }) => {
  const caller = await authenticateUser(pool, keys, req);
  const requested = url.searchParams.get("scope") ?? "";
  const scope = requested === "" ? "global" : SCOPES.find((candidate) => candidate === requested);
  // Go's %q: the value in double quotes.
  if (!scope) throw badRequest("validation_failed", `Unsupported logout scope ${JSON.stringify(requested)}`);
  await endSessions(pool, caller.user.id, caller.sessionId, scope);
  res.writeHead(204);
  res.end();
};
