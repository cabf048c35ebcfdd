import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * The repro builder's shapes: what it reads (captures with their ids, in capture order), the
 * plan it builds (a program in a language-neutral form), and what build_repro answers.
 */

export type Language = "node" | "python" | "curl";

export interface CapturedEntry {
  id: number;
  entry: TrafficLogEntry;
}

export interface ReproResult {
  scheme: string;
  steps: { entry_id: number; purpose: string; method: string; url: string }[];
  placeholders: { name: string; description: string }[];
  origins: { name: string; default: string }[];
  files: { name: string; content: string }[];
  run: string;
}

/** A piece of a value the program sends: literal text, or a program value by name. */
export type Part = string | { ref: string };
export type Template = Part[];

/** A JSON body with templated strings. */
export type JsonTemplate =
  | { kind: "string"; parts: Template }
  | { kind: "literal"; value: number | boolean | null }
  | { kind: "array"; items: JsonTemplate[] }
  | { kind: "object"; entries: [string, JsonTemplate][] };

/** Where a later request's value comes from in an earlier response. */
export type Source =
  | { from: "json"; path: (string | number)[] }
  | { from: "header"; name: string }
  | { from: "cookie"; name: string }
  | { from: "location" }
  | { from: "location-param"; name: string }
  | { from: "html"; kind: "input" | "meta"; name: string };

/** A value the program holds. Globals are set once at the start; the rest when their step runs. */
export type Value =
  /** `traced: false` for a credential no rule explains (kept as a placeholder so it never leaks). */
  | { kind: "env"; name: string; description: string; traced?: boolean }
  | { kind: "origin"; name: string; default: string }
  | { kind: "random"; name: string; encoding: "hex" | "base64url"; bytes: number; why: string }
  | { kind: "pkce-challenge"; name: string; verifier: string }
  | { kind: "basic"; name: string; user: string; password: string }
  | { kind: "timestamp"; name: string; unit: "s" | "ms" }
  | { kind: "uuid"; name: string }
  | { kind: "extract"; name: string; step: number; source: Source; label: string };

/** How a request is signed, as a 401 stated it (see ./signature). */
export interface SignatureSpec {
  header: string;
  algorithm: "sha1" | "sha256" | "sha512";
  encoding: "hex" | "base64";
  /** With {method} {path} {pathname} {query} {host} {body} {body_sha256} {header:Name}. */
  template: string;
  prefix: string;
  secret: string;
}

export type BodyPlan =
  | { kind: "json"; contentType: string; value: JsonTemplate }
  | { kind: "form"; contentType: string; pairs: [string, Template][] }
  | { kind: "text"; contentType: string; parts: Template };

export interface StepPlan {
  /** 1-based position in the program. */
  index: number;
  entryId: number;
  purpose: string;
  method: string;
  /** The origin's value name, or null when the whole URL is a value (a redirect's Location). */
  origin: string | null;
  path: Template;
  query: [string, Template][] | null;
  /** The whole URL, when it is one value. */
  url: Template | null;
  headers: [string, Template][];
  /** Cookie names the capture sent that the program's jar holds (set by an earlier response). */
  cookies: string[];
  body: BodyPlan | null;
  expectStatus: number;
  /** Values made fresh just before this step (timestamps, idempotency keys). */
  fresh: Value[];
  sign: SignatureSpec | null;
  /** Values this step's response provides to later steps. */
  extracts: Extract<Value, { kind: "extract" }>[];
  /** The captured URL with secrets as {{NAME}}, for `steps`. */
  displayUrl: string;
}

export interface ProgramPlan {
  scheme: string;
  globals: Value[];
  placeholders: Extract<Value, { kind: "env" }>[];
  origins: Extract<Value, { kind: "origin" }>[];
  steps: StepPlan[];
  dropped: { entryId: number; reason: string }[];
}
