import type { Handler } from "./context";
import { AuthError } from "./errors";
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser } from "./routes/admin";
import { logout } from "./routes/logout";
import { health, jwks, settings } from "./routes/meta";
import { signUp } from "./routes/signup";
import { token } from "./routes/token";
import { getUser, updateUser } from "./routes/user";

/** GoTrue's routes that the stand-in serves (`internal/api/api.go`), by path pattern and method. */
const ROUTES: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  { pattern: /^\/health$/, methods: { GET: health } },
  { pattern: /^\/settings$/, methods: { GET: settings } },
  { pattern: /^\/\.well-known\/jwks\.json$/, methods: { GET: jwks } },
  { pattern: /^\/signup$/, methods: { POST: signUp } },
  { pattern: /^\/token$/, methods: { POST: token } },
  { pattern: /^\/user$/, methods: { GET: getUser, PUT: updateUser } },
  { pattern: /^\/logout$/, methods: { POST: logout } },
  { pattern: /^\/admin\/users$/, methods: { GET: adminListUsers, POST: adminCreateUser } },
  {
    pattern: /^\/admin\/users\/(?<id>[^/]+)$/,
    methods: { GET: adminGetUser, PUT: adminUpdateUser, DELETE: adminDeleteUser },
  },
];

export function findRoute(method: string, path: string): { handler: Handler; params: Record<string, string> } {
  // chi treats `/user` and `/user/` alike.
  const normalised = path.length > 1 ? path.replace(/\/$/, "") : path;
  for (const route of ROUTES) {
    const match = route.pattern.exec(normalised);
    if (!match) continue;
    const handler = route.methods[method === "HEAD" ? "GET" : method];
    if (!handler)
      throw new AuthError(405, "method_not_allowed", `Method ${method} is not allowed on ${normalised}`, {
        Allow: Object.keys(route.methods).join(", "),
      });
    return { handler, params: { ...match.groups } };
  }
  throw new AuthError(404, "not_found", "Not Found");
}
