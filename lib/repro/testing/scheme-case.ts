import { randomBytes } from "node:crypto";
import type { Recorder } from "./recorder";
import type { Issuer, ReplayServer } from "./replay-server";

/** One login scheme for the repro tests: a fresh server, and the scripted app that records a flow against it. */

export type Credentials = Record<string, string>;

export interface RunningService {
  server: ReplayServer;
  issuer: Issuer;
  /** Milestones the server saw succeed ("login", "api", "refresh", "api-after-refresh"…). */
  done: Set<string>;
}

export interface SchemeCase {
  name: string;
  scheme: string;
  /** Fresh credentials: `username`, `password`, and whatever else the scheme needs. */
  credentials(): Credentials;
  start(credentials: Credentials): Promise<RunningService>;
  /** The app's flow with noise around it, recorded. */
  record(service: RunningService, credentials: Credentials, recorder: Recorder): Promise<void>;
  /** Milestones a complete run reaches. */
  milestones: string[];
  /** The credential a wrong value of makes the flow fail. */
  wrong: string;
}

/** The environment variable a placeholder names, filled from the credentials. */
export const PLACEHOLDER_CREDENTIAL: Record<string, string> = {
  PASSWORD: "password",
  USERNAME: "username",
  EMAIL: "username",
  CLIENT_ID: "clientId",
  CLIENT_SECRET: "clientSecret",
  API_KEY: "apiKey",
  API_SECRET: "apiSecret",
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A JWT-shaped access token (the servers look it up, they do not verify it). */
export function jwtLike(sub: string): string {
  return `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub, iat: Math.floor(Date.now() / 1000), jti: randomBytes(8).toString("hex") })}.${randomBytes(32).toString("base64url")}`;
}

export const user = () => `user${randomBytes(4).toString("hex")}@example.test`;
export const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString("base64url")}`;
