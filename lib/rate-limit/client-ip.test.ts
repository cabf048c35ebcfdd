import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIpOf } from "./client-ip";

const request = (remoteAddress: string, forwarded?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwarded ? { "x-forwarded-for": forwarded } : {},
  }) as unknown as IncomingMessage;

describe("clientIpOf", () => {
  it("takes the last X-Forwarded-For hop only from a proxy on this machine", () => {
    expect(clientIpOf(request("127.0.0.1", "203.0.113.5, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientIpOf(request("::ffff:127.0.0.1", "198.51.100.7"))).toBe("198.51.100.7");
    expect(clientIpOf(request("::1", "not-an-address"))).toBe("::1");
  });

  it("ignores the header from any other peer, private networks included", () => {
    expect(clientIpOf(request("10.0.0.8", "198.51.100.7"))).toBe("10.0.0.8");
    expect(clientIpOf(request("::ffff:192.168.1.20", "198.51.100.7"))).toBe("192.168.1.20");
    expect(clientIpOf(request("203.0.113.9", "198.51.100.7"))).toBe("203.0.113.9");
  });
});
