import type { DeviceFile } from "../config";
import { CliError } from "../errors";
import { HttpError, postJson, requestJson } from "./http";

interface TokenResponse {
  access_token: string;
  expires_in: number;
  device_uuid: string;
}

/** Renew a token this long before it expires, so a request never leaves with a dying one. */
const RENEW_BEFORE_MS = 60_000;

/**
 * A paired device talking to Busymate: it buys short-lived device tokens with its credential
 * (renewed before they expire, and at once after a 401) and calls REST as role `device`.
 */
export class DeviceSession {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  /**
   * `now` is the device's clock. Only durations measured on it are used (a token's renewal is
   * `expires_in` after it was bought, never the token's `exp` read against this clock), so a
   * device minutes ahead of or behind the server still renews on time.
   */
  constructor(
    readonly device: DeviceFile,
    private readonly now: () => number = Date.now,
  ) {}

  get uuid(): string {
    return this.device.device_uuid;
  }

  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt - RENEW_BEFORE_MS) return this.token.value;
    // One purchase at a time: an upload and a heartbeat asking together share it.
    this.pending ??= this.buyToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  invalidate(): void {
    this.token = undefined;
  }

  private async buyToken(): Promise<string> {
    let response: TokenResponse;
    try {
      response = await postJson<TokenResponse>(this.device.token_endpoint, { credential: this.device.credential });
    } catch (error) {
      if (error instanceof HttpError && error.status === 401)
        throw new CliError("The device credential was revoked or replaced: pair again with `busymate pair <code>`.");
      throw error;
    }
    this.token = { value: response.access_token, expiresAt: this.now() + response.expires_in * 1000 };
    return response.access_token;
  }

  /** A REST call as the device; a 401 buys a new token and tries once more. */
  async rest<T>(pathAndQuery: string, init: RequestInit = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      try {
        return await requestJson<T>(`${this.device.supabase_url}/rest/v1/${pathAndQuery}`, {
          ...init,
          headers: {
            apikey: this.device.publishable_key,
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            ...(init.headers as Record<string, string> | undefined),
          },
        });
      } catch (error) {
        if (attempt === 0 && error instanceof HttpError && error.status === 401) {
          this.invalidate();
          continue;
        }
        throw error;
      }
    }
  }

  rpc<T>(name: string, args: Record<string, unknown>): Promise<T> {
    return this.rest<T>(`rpc/${name}`, { method: "POST", body: JSON.stringify(args) });
  }
}
