import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { authorizeUrl, pkcePair, startOAuthFixture, type OAuthFixture } from "./testing/oauth-fixture";

/**
 * SSRF through the client-ID metadata document: the authorization server fetches whatever
 * https URL a client names as its client_id. With the real fetch (lib/security/safe-fetch.ts)
 * and the loopback switch off, a client_id on this machine is refused before any connection.
 */
let fx: OAuthFixture;
let listener: net.Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  listener = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as AddressInfo).port;
  fx = await startOAuthFixture({ allowLoopbackFetch: false });
});

afterAll(async () => {
  await fx?.stop();
  await new Promise((resolve) => listener.close(resolve));
});

it.each([
  () => `https://localhost:${port}/client.json`,
  () => `https://127.0.0.1:${port}/client.json`,
  () => `https://[::ffff:127.0.0.1]:${port}/client.json`,
  () => "https://169.254.169.254/latest/meta-data/client.json",
  () => "https://10.0.0.1/client.json",
])("a client_id at %s is refused without a connection", async (clientId) => {
  const id = clientId();
  const { challenge } = pkcePair();
  const response = await fetch(
    authorizeUrl(fx.origin, {
      client_id: id,
      redirect_uri: "https://client.example/callback",
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: "busymate:read",
    }),
    { redirect: "manual" },
  );
  expect(response.status).toBe(400);
  expect(await response.text()).toContain("invalid_client");
  expect(connections).toBe(0);
});
