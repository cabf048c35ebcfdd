import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The address a request came from, for rate limits. The custom server computes it once per
 * request from the socket and puts it in CLIENT_IP_HEADER (overwriting anything a client sent),
 * so Next route handlers read a value nobody outside could forge.
 *
 * Behind a reverse proxy on the same machine (the socket peer is a loopback address), the
 * proxy's X-Forwarded-For names the client: its last entry, the one our proxy appended, is
 * used. Any other peer is the client itself: trusting the header from a private network would
 * let anyone on that network pick a fresh address per request and escape every per-address
 * limit. (Behind a load balancer on another host, per-address limits therefore count per
 * balancer; the per-person and per-email limits still hold.)
 */
export const CLIENT_IP_HEADER = "x-busymate-client-ip";

const LOOPBACK = /^(127\.|::1$)/;

export function clientIpOf(req: IncomingMessage): string {
  const peer = (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
  if (!LOOPBACK.test(peer)) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
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
