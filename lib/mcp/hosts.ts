import { localhostAllowedHostnames } from "@modelcontextprotocol/server";

/**
 * The host names /mcp answers for (Host header) and accepts browser origins from: the app's own
 * public host name, plus the loopback names when the app itself runs on loopback (the embedded
 * default), so a DNS-rebinding page can never reach it under another name.
 */
export function allowedHostnames(appUrl: string): string[] {
  const { hostname } = new URL(appUrl);
  const loopback = localhostAllowedHostnames();
  return loopback.includes(hostname) ? [...new Set([hostname, ...loopback])] : [hostname];
}
