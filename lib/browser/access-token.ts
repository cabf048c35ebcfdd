import { z } from "zod";

/**
 * The browser's Busymate access token, from `POST /first-party-token` (session cookie in, the
 * same token an OAuth client would hold out). supabase-js asks for it before every request and
 * Realtime on every heartbeat; this keeps one copy, fetches a new one a minute before expiry,
 * and lets concurrent callers share one request.
 */

const tokenResponse = z.object({
  access_token: z.string().min(20),
  expires_in: z.number().positive().optional(),
});

/** Seconds before expiry at which a new token is fetched: clock skew plus a slow request. */
export const REFRESH_MARGIN_S = 60;

/** The `exp` claim of a JWT, without verifying it (the server does that); null if unreadable. */
export function jwtExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(
      atob(
        payload
          .replace(/-/g, "+")
          .replace(/_/g, "/")
          .padEnd(Math.ceil(payload.length / 4) * 4, "="),
      ),
    );
    return typeof json.exp === "number" ? json.exp : null;
  } catch {
    return null;
  }
}

/** When (epoch seconds) a token fetched at `fetchedAt` should be replaced. */
export function refreshAt(token: string, expiresIn: number | undefined, fetchedAt: number): number {
  const expiry = jwtExpiry(token) ?? (expiresIn ? fetchedAt + expiresIn : fetchedAt + 300);
  // Never sooner than half the token's life: a very short-lived token still gets some use.
  return Math.max(expiry - REFRESH_MARGIN_S, fetchedAt + (expiry - fetchedAt) / 2);
}

export class SignedOutError extends Error {
  constructor() {
    super("Your session has ended. Sign in again.");
    this.name = "SignedOutError";
  }
}

export interface TokenSourceOptions {
  endpoint?: string;
  /** Called once when the endpoint answers 401: the session is gone. */
  onSignedOut?: () => void;
  now?: () => number;
}

export function createTokenSource({
  endpoint = "/first-party-token",
  onSignedOut,
  now = () => Date.now() / 1000,
}: TokenSourceOptions = {}) {
  let current: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const response = await fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    if (response.status === 401) {
      current = null;
      onSignedOut?.();
      throw new SignedOutError();
    }
    if (!response.ok) throw new Error(`The first-party token endpoint answered ${response.status}.`);
    const body = tokenResponse.parse(await response.json());
    const fetchedAt = now();
    current = { token: body.access_token, refreshAt: refreshAt(body.access_token, body.expires_in, fetchedAt) };
    return body.access_token;
  }

  return async function accessToken(): Promise<string> {
    if (current && now() < current.refreshAt) return current.token;
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  };
}
