import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { writeLogin, type LoginFile } from "../config";
import { CliError } from "../errors";
import { HttpError, requestJson } from "./http";

/**
 * A person signs the CLI in with the app's OAuth 2.1 server, as `gh auth login` does: a client
 * registered dynamically for a loopback redirect (RFC 8252), the authorization-code flow with
 * PKCE (S256) and a resource indicator, the code caught by a one-shot server on 127.0.0.1.
 * The tokens are kept 0600 in login.json; the refresh token (rotated on each use) renews them.
 */

const metadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  registration_endpoint: z.string(),
});

const tokenSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.number(),
  scope: z.string().optional(),
});

const LOGIN_TIMEOUT_MS = 5 * 60_000;

async function formPost(url: string, fields: Record<string, string>): Promise<z.infer<typeof tokenSchema>> {
  try {
    return tokenSchema.parse(
      await requestJson(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      }),
    );
  } catch (error) {
    if (error instanceof HttpError) {
      const body = JSON.parse(error.body || "{}") as { error?: string; error_description?: string };
      throw new CliError(`Sign-in was refused: ${body.error_description ?? body.error ?? error.message}`);
    }
    throw error;
  }
}

export interface LoginOptions {
  server: string;
  write: boolean;
  /** Called with the URL the person must open (the command prints it and may open a browser). */
  open(url: string): void;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

export async function login({ server, write, open }: LoginOptions): Promise<LoginFile> {
  const metadata = metadataSchema.parse(await requestJson(`${server}/.well-known/oauth-authorization-server`));
  const callback = createServer();
  const port = await listen(callback);
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  try {
    const client = z.object({ client_id: z.string() }).parse(
      await requestJson(metadata.registration_endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_name: "Busymate CLI",
          redirect_uris: [redirectUri],
          grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"],
          token_endpoint_auth_method: "none",
          application_type: "native",
        }),
      }),
    );
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(16).toString("base64url");
    const authorize = new URL(metadata.authorization_endpoint);
    for (const [key, value] of Object.entries({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: write ? "busymate:read busymate:write" : "busymate:read",
      state,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      resource: server,
    }))
      authorize.searchParams.set(key, value);

    const code = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CliError("No sign-in arrived within 5 minutes.")), LOGIN_TIMEOUT_MS);
      callback.on("request", (request, response) => {
        const url = new URL(request.url ?? "/", redirectUri);
        if (url.pathname !== "/callback") {
          response.writeHead(404).end();
          return;
        }
        const finish = (status: number, text: string, outcome: () => void) => {
          response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text);
          clearTimeout(timer);
          outcome();
        };
        if (url.searchParams.get("state") !== state)
          return finish(400, "This sign-in is not the one the CLI started.", () =>
            reject(new CliError("The sign-in answer did not match (state); run `busymate login` again.")),
          );
        const iss = url.searchParams.get("iss");
        if (iss && iss !== metadata.issuer)
          return finish(400, "Unexpected issuer.", () =>
            reject(new CliError(`The sign-in came from ${iss}, not ${metadata.issuer}.`)),
          );
        const error = url.searchParams.get("error");
        if (error)
          return finish(400, "Sign-in was not completed; you can close this tab.", () =>
            reject(new CliError(`Sign-in was not completed: ${url.searchParams.get("error_description") ?? error}.`)),
          );
        const got = url.searchParams.get("code");
        if (!got) return finish(400, "No code.", () => reject(new CliError("The sign-in answer had no code.")));
        finish(200, "Busymate CLI is signed in; you can close this tab.", () => resolve(got));
      });
      open(authorize.href);
    });

    const tokens = await formPost(metadata.token_endpoint, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: client.client_id,
      code_verifier: verifier,
      resource: server,
    });
    const saved: LoginFile = {
      server,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
      client_id: client.client_id,
      token_endpoint: metadata.token_endpoint,
    };
    await writeLogin(saved);
    return saved;
  } finally {
    callback.close();
    callback.closeAllConnections();
  }
}

/** A fresh access token from the stored refresh token (which rotates: the new one is kept). */
export async function refreshLogin(saved: LoginFile): Promise<LoginFile> {
  if (!saved.refresh_token)
    throw new CliError("Your sign-in has expired: run `busymate login` again (or set BUSYMATE_TOKEN).");
  const tokens = await formPost(saved.token_endpoint, {
    grant_type: "refresh_token",
    refresh_token: saved.refresh_token,
    client_id: saved.client_id,
    resource: saved.server,
  });
  const next: LoginFile = {
    ...saved,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token ?? saved.refresh_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
  };
  await writeLogin(next);
  return next;
}
