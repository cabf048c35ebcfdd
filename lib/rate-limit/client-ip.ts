import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The address a request came from, for rate limits. The custom server computes it once per
 * request from the socket and puts it in CLIENT_IP_HEADER (overwriting anything a client sent),
 * so Next route handlers read a value nobody outside could forge.
 *
 * Behind a reverse proxy on the same machine or private network (the socket peer is a
 * loopback or private address), the proxy's X-Forwarded-For names the client: its last entry,
 * the one our proxy appended, is used. A public peer is the client itself.
 */
export const CLIENT_IP_HEADER = "x-busymate-client-ip";

const PRIVATE = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^::1$/, /^f[cd][0-9a-f]{2}:/i, /^fe80:/i];

function isPrivate(address: string): boolean {
  return PRIVATE.some((pattern) => pattern.test(address));
}

export function clientIpOf(req: IncomingMessage): string {
  const peer = (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
  if (!isPrivate(peer)) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").map((hop) => hop.trim()).filter(Boolean);
  const last = hops.at(-1)?.replace(/^::ffff:/, "");
  return last && isIP(last) ? last : peer;
}

/** Stamps the trusted header on an incoming request (the custom server does this first). */
export function stampClientIp(req: IncomingMessage): string {
  const ip = clientIpOf(req);
  req.headers[CLIENT_IP_HEADER] = ip;
  return ip;
}

/** The stamped address in a route handler or server action. */
export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
