import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress } from "./outbound-address";
import { OutboundRefused, safeFetch } from "./safe-fetch";

/**
 * The fetch for URLs users hand us, against real loopback HTTP servers: with the test switch
 * off nothing on loopback (or any private range) is reached; with it on, loopback is, and
 * redirects, size and time stay bounded.
 */
let server: http.Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/doc") res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    else if (req.url === "/redirect")
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    else if (req.url === "/big-declared")
      res.writeHead(200, { "content-length": String(2_000_000) }).end("x".repeat(2_000_000));
    else if (req.url === "/big-chunked") {
      res.writeHead(200);
      for (let i = 0; i < 40; i++) res.write("y".repeat(64 * 1024));
      res.end();
    } else if (req.url === "/silent") {
      // Never answers: the caller's time bound ends it.
    } else res.writeHead(404).end();
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const limits = { maxBytes: 1024 * 1024, timeoutMs: 5000 };

describe("the address rule", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.3.2.1", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "refused"],
    ["172.16.0.1", "refused"],
    ["192.168.1.1", "refused"],
    ["169.254.169.254", "refused"],
    ["100.64.0.1", "refused"],
    ["0.0.0.0", "refused"],
    ["224.0.0.1", "refused"],
    ["fd00::1", "refused"],
    ["fc12::1", "refused"],
    ["fe80::1", "refused"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "refused"],
    ["64:ff9b::a00:1", "refused"],
    ["2002:7f00:1::", "refused"],
    ["::", "refused"],
    ["93.184.215.14", "public"],
    ["2606:4700:4700::1111", "public"],
    ["not an address", "refused"],
  ])("%s is %s", (address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
  });
});

describe("with loopback refused (the default)", () => {
  it.each([
    () => `http://127.0.0.1:${port}/doc`,
    () => `http://localhost:${port}/doc`,
    () => `http://[::1]:${port}/doc`,
    () => `http://[::ffff:127.0.0.1]:${port}/doc`,
    () => `http://2130706433:${port}/doc`,
    () => `http://0x7f.1:${port}/doc`,
    () => `http://127.1:${port}/doc`,
  ])("refuses %s before connecting", async (target) => {
    const before = connections;
    await expect(safeFetch(target(), { ...limits, allowLoopback: false })).rejects.toThrow(OutboundRefused);
    expect(connections).toBe(before);
  });

  it("refuses private, link-local and unique-local targets, names that do not resolve, and other schemes", async () => {
    for (const target of [
      "http://10.0.0.1/",
      "http://192.168.0.10/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00::1]/",
      "http://[fe80::1]/",
      "http://busymate-no-such-host.invalid/",
      "file:///etc/passwd",
      "http://user:pw@93.184.215.14/",
    ])
      await expect(safeFetch(target, { ...limits, allowLoopback: true }), target).rejects.toThrow(OutboundRefused);
  });
});

describe("with the test switch allowing loopback", () => {
  it("fetches from a loopback server", async () => {
    const response = await safeFetch(`http://localhost:${port}/doc`, { ...limits, allowLoopback: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("never follows a redirect (to a metadata address, here): the 3xx comes back as it is", async () => {
    const response = await safeFetch(`http://127.0.0.1:${port}/redirect`, { ...limits, allowLoopback: true });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://169.254.169.254/latest/meta-data/");
  });

  it("stops reading past the byte limit, declared or streamed", async () => {
    for (const path of ["/big-declared", "/big-chunked"])
      await expect(
        safeFetch(`http://127.0.0.1:${port}${path}`, { maxBytes: 256 * 1024, timeoutMs: 5000, allowLoopback: true }),
      ).rejects.toThrow(/larger than 262144 bytes/);
  });

  it("gives up on a server that never answers after the time bound", async () => {
    await expect(
      safeFetch(`http://127.0.0.1:${port}/silent`, { maxBytes: 1024, timeoutMs: 300, allowLoopback: true }),
    ).rejects.toThrow(/no answer within 300 ms/);
  });
});
