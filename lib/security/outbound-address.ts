import net from "node:net";

/**
 * Which addresses a fetch made on a user's behalf may reach: public unicast only. Loopback,
 * private (RFC 1918), carrier-grade NAT, link-local (cloud metadata at 169.254.169.254),
 * unique-local, multicast, documentation and reserved ranges are refused, and so are the IPv6
 * forms that embed an IPv4 address (NAT64, 6to4), which could smuggle any of those. (An
 * IPv4-mapped address, ::ffff:a.b.c.d, is judged as the IPv4 address it is: BlockList does so.)
 */
const refused = new net.BlockList();
const loopback = new net.BlockList();

for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  refused.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  refused.addSubnet(network, prefix, "ipv6");
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export type AddressVerdict = "public" | "loopback" | "refused";

export function classifyAddress(address: string): AddressVerdict {
  const family = net.isIP(address);
  if (family === 0) return "refused";
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(address, type)) return "loopback";
  return refused.check(address, type) ? "refused" : "public";
}

/** True when a fetch may connect to `address` (loopback only when the test switch allows it). */
export function mayConnect(address: string, allowLoopback: boolean): boolean {
  const verdict = classifyAddress(address);
  return verdict === "public" || (verdict === "loopback" && allowLoopback);
}
