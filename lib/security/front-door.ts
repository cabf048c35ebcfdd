import type { IncomingMessage, ServerResponse } from "node:http";
import { isSameOrigin, ownOrigins } from "@/lib/auth/same-origin";
import { baseSecurityHeaders } from "./headers";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF for every path at once: a state-changing request that carries cookies must come from
 * one of our own pages (Sec-Fetch-Site / Origin, `same-origin.ts`). Cookies are how a browser
 * authenticates to the dashboard (the Supabase session, oidc-provider's interaction cookies);
 * token clients (CLI, devices, MCP, OAuth) send none and are not affected. Route handlers and
 * server actions added later are covered without doing anything; the ones that check the
 * same rule themselves (sign-out, first-party token, consent) keep doing so.
 */
export function isCrossSiteCookieWrite(req: IncomingMessage, appUrl: string): boolean {
  if (!UNSAFE_METHODS.has(req.method ?? "GET")) return false;
  if (!req.headers.cookie) return false;
  const requestOrigin = req.headers.host ? `http://${req.headers.host}` : undefined;
  return !isSameOrigin(
    req.headers.origin,
    typeof req.headers["sec-fetch-site"] === "string" ? req.headers["sec-fetch-site"] : undefined,
    ownOrigins(appUrl, requestOrigin),
  );
}

/**
 * What the custom server does to every request before anyone answers it: the base security
 * headers on the response (a page's CSP replaces the default one in proxy.ts), and the CSRF
 * refusal. True when the request was answered here.
 */
export function frontDoor(req: IncomingMessage, res: ServerResponse, appUrl: string): boolean {
  for (const [name, value] of Object.entries(baseSecurityHeaders({ appUrl }))) res.setHeader(name, value);
  if (!isCrossSiteCookieWrite(req, appUrl)) return false;
  const body = JSON.stringify({
    error: {
      code: "FORBIDDEN",
      message:
        "A request carrying Busymate's cookies must come from Busymate's own pages (cross-site request refused).",
      remediation: "Use the dashboard, or call the API with a bearer token and no cookies.",
    },
  });
  res.writeHead(403, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(body);
  return true;
}
