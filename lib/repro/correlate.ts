import { decodeLoosely, isSecretHeader, isSecretName, looksSecret } from "@/lib/secrets/detect";
import { CaptureSecrets } from "./capture-secrets";
import { classify, type SlotKind } from "./classify";
import { Names } from "./naming";
import { Origins } from "./origins";
import type { SignatureSpec, Source } from "./types";
import type { BodyPlan, CapturedEntry, JsonTemplate, Part, StepPlan, Template, Value } from "./types";
import { bodyText, headerValue, producedValues, setCookies } from "./values";

/**
 * Turns captured requests into templates: every value a request sent is traced to where the
 * program will get it — an earlier response (correlation), the person (a placeholder), the
 * program itself (PKCE, state, timestamps) — or kept as a literal when it is none of those and
 * not a secret. A literal that still looks like a secret becomes a placeholder too: nothing
 * from the capture that the detector (lib/secrets) calls a secret reaches the program.
 */

/** Request headers the program's HTTP client writes itself, or that describe the captured connection. */
const DROPPED_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
  "accept-encoding",
  "cookie",
  "user-agent",
  "priority",
  "proxy-connection",
  "if-none-match",
  "if-modified-since",
]);

const TOKEN_SPLIT_COARSE = /[\s"',;&<>(){}[\]\\]+/;
const TOKEN_SPLIT_FINE = /[\s"',;&<>(){}[\]\\=:?#/]+/;
const MIN_SUBSTITUTED = 6;

export interface CorrelatedStep extends StepPlan {
  /** Program values this step's templates use. */
  uses: Set<string>;
  /** Steps whose Set-Cookie this step sends back. */
  cookieFrom: Set<number>;
}

export class Correlator {
  readonly names = new Names();
  readonly values = new Map<string, Value>();
  /** Literal → value name, for values the person or the program supplies. */
  private readonly supplied = new Map<string, string>();
  /** Literal → where a response handed it out (the latest wins); named when first used. */
  private readonly produced = new Map<string, { step: number; source: Source; label: string; name?: string }>();
  /** Cookie name → the step that last set it. */
  private readonly jar = new Map<string, number>();
  private readonly origins: Origins;
  private readonly secrets: CaptureSecrets;
  private current!: CorrelatedStep;
  private capturedAt = 0;
  private challengeMethod: string | undefined;

  constructor(
    items: CapturedEntry[],
    private readonly signature: Omit<SignatureSpec, "secret"> | null,
    extraSecrets: string[] = [],
  ) {
    this.secrets = new CaptureSecrets(items, extraSecrets);
    this.origins = new Origins(items, this.names);
    for (const origin of this.origins.values) this.add(origin);
  }

  /** Every literal the program must never contain: the detector's finds and everything a response handed out. */
  secretValues(items: CapturedEntry[]): string[] {
    const out = new Set(this.secrets.values);
    for (const value of this.supplied.keys()) if (value.length >= 4) out.add(value);
    for (const { entry } of items)
      for (const p of producedValues(entry))
        if (p.source.from !== "location" && (isSecretName(p.label) || looksSecret(p.value) || p.source.from !== "json"))
          out.add(p.value);
    return [...out];
  }

  private add(value: Value): string {
    this.values.set(value.name, value);
    return value.name;
  }

  /** The value name a literal is known under: supplied first, else handed out by a response (named now). */
  private known(literal: string): string | undefined {
    const supplied = this.supplied.get(literal);
    if (supplied) return supplied;
    const produced = this.produced.get(literal);
    if (!produced) return undefined;
    if (!produced.name) {
      produced.name = this.names.take(produced.label, "lower");
      this.add({
        kind: "extract",
        name: produced.name,
        step: produced.step,
        source: produced.source,
        label: produced.label,
      });
    }
    return produced.name;
  }

  private use(name: string): Part {
    this.current.uses.add(name);
    return { ref: name };
  }

  /** A value the person or the program supplies, under one name however often it is sent. */
  private supply(literal: string, make: (name: string) => Value, base: string): Part {
    const known = this.supplied.get(literal);
    if (known) return this.use(known);
    const name = this.add(make(this.names.take(base, "upper")));
    this.supplied.set(literal, name);
    return this.use(name);
  }

  private pkceVerifier(): string {
    for (const value of this.values.values()) if (value.name === "PKCE_VERIFIER") return value.name;
    return this.add({
      kind: "random",
      name: this.names.take("PKCE_VERIFIER", "upper"),
      encoding: "base64url",
      bytes: 32,
      why: "the PKCE code verifier, fresh for each run",
    });
  }

  /** One value the request sent: its template. */
  slot(value: string, kind: SlotKind, name: string): Template {
    if (value === "") return [""];
    const whole = this.known(value);
    if (whole) return [this.use(whole)];
    const classified = classify(name, value, kind, {
      capturedAt: this.capturedAt,
      challengeMethod: this.challengeMethod,
    });
    if (classified) {
      switch (classified.kind) {
        case "env":
          return [
            this.supply(value, (n) => ({ kind: "env", name: n, description: classified.description }), classified.base),
          ];
        case "random":
          return [
            this.supply(
              value,
              (n) => ({ kind: "random", name: n, encoding: "hex", bytes: 16, why: classified.why }),
              classified.base,
            ),
          ];
        case "pkce-verifier": {
          const verifier = this.pkceVerifier();
          this.supplied.set(value, verifier);
          return [this.use(verifier)];
        }
        case "pkce-challenge": {
          const verifier = this.pkceVerifier();
          if (classified.plain) {
            this.supplied.set(value, verifier);
            return [this.use(verifier)];
          }
          return [this.supply(value, (n) => ({ kind: "pkce-challenge", name: n, verifier }), "PKCE_CHALLENGE")];
        }
        case "timestamp":
        case "uuid": {
          const fresh: Value =
            classified.kind === "timestamp"
              ? { kind: "timestamp", name: this.names.take("TIMESTAMP", "lower"), unit: classified.unit }
              : { kind: "uuid", name: this.names.take(`${name}_value`, "lower") };
          this.current.fresh.push(fresh);
          this.add(fresh);
          return [this.use(fresh.name)];
        }
      }
    }
    const parts = this.substitute(value);
    const literalOnly = parts.length === 1 && typeof parts[0] === "string";
    const secretByName = kind === "header" ? isSecretHeader(name) : isSecretName(name);
    if (literalOnly && (secretByName || looksSecret(value)))
      return [
        this.supply(
          value,
          (n) => ({
            kind: "env",
            name: n,
            description: `a credential the capture sent as ${kind} ${name}; it was not handed out by an earlier response`,
            traced: false,
          }),
          name,
        ),
      ];
    return parts.flatMap((part) => (typeof part === "string" ? this.literal(part) : [part]));
  }

  /** Known values inside a longer literal ("Bearer <token>", a token inside a GraphQL query). */
  private substitute(value: string): Template {
    const hits = new Map<string, string>();
    for (const split of [TOKEN_SPLIT_COARSE, TOKEN_SPLIT_FINE]) {
      for (const token of value.split(split)) {
        if (token.length < MIN_SUBSTITUTED || hits.has(token)) continue;
        const name = this.known(token);
        if (name) hits.set(token, name);
      }
    }
    let parts: Template = [value];
    for (const [token, name] of [...hits].sort((a, b) => b[0].length - a[0].length)) {
      parts = parts.flatMap((part) =>
        typeof part !== "string" || !part.includes(token)
          ? [part]
          : part.split(token).flatMap((piece, i) => (i === 0 ? [piece] : [this.use(name), piece])),
      );
    }
    return parts.filter((part) => part !== "");
  }

  /** A literal piece: captured origins become the origin's value, secrets the detector knows become placeholders. */
  private literal(text: string): Template {
    return this.secrets
      .split(text)
      .flatMap((piece) =>
        typeof piece === "string"
          ? this.origins.split(piece)
          : [
              this.supply(
                piece.name.value,
                (n) => ({
                  kind: "env",
                  name: n,
                  description: `a secret the capture held (${piece.name.name})`,
                  traced: false,
                }),
                piece.name.name,
              ),
            ],
      )
      .filter((part) => part !== "");
  }

  private header(name: string, value: string): Template {
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "proxy-authorization") {
      const match = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value);
      if (match && match[1].toLowerCase() === "basic") {
        const decoded = safeAtob(match[2]);
        const colon = decoded?.indexOf(":") ?? -1;
        if (decoded && colon > 0) {
          const user = this.slot(decoded.slice(0, colon), "form", "username");
          const password = this.slot(decoded.slice(colon + 1), "form", "password");
          const basic = this.supply(
            value,
            (n) => ({
              kind: "basic",
              name: n,
              user: refName(user),
              password: refName(password),
            }),
            "BASIC_CREDENTIALS",
          );
          return ["Basic ", basic];
        }
      }
      if (match) return [`${match[1]} `, ...this.slot(match[2], "header", name)];
    }
    if (this.signature && lower === this.signature.header.toLowerCase()) return [];
    return this.slot(value, "header", name);
  }

  private json(node: unknown, key: string): JsonTemplate {
    if (typeof node === "string") return { kind: "string", parts: this.slot(node, "json", key) };
    if (Array.isArray(node)) return { kind: "array", items: node.map((item) => this.json(item, key)) };
    if (node && typeof node === "object")
      return { kind: "object", entries: Object.entries(node).map(([k, v]) => [k, this.json(v, k)]) };
    return { kind: "literal", value: node as number | boolean | null };
  }

  private body(item: CapturedEntry): BodyPlan | null {
    const raw = item.entry.request.body;
    const text = bodyText(raw);
    if (text === null) return null;
    const contentType = headerValue(item.entry.request.headers, "content-type") ?? raw?.mimeType ?? "";
    const mime = contentType.toLowerCase();
    if (mime.includes("application/x-www-form-urlencoded"))
      return {
        kind: "form",
        contentType,
        pairs: [...new URLSearchParams(text)].map(([k, v]) => [k, this.slot(v, "form", k)]),
      };
    if (mime.includes("json") || (!mime && /^\s*[[{]/.test(text))) {
      try {
        return { kind: "json", contentType: contentType || "application/json", value: this.json(JSON.parse(text), "") };
      } catch {
        // Falls through to text.
      }
    }
    return { kind: "text", contentType, parts: this.slot(text, "body", "body") };
  }

  /** One captured request as a step; then what its response hands out becomes known. */
  step(item: CapturedEntry, index: number): CorrelatedStep {
    const { entry } = item;
    this.capturedAt = Date.parse(entry.startedAt) || Date.now();
    const url = new URL(entry.request.url);
    this.challengeMethod = url.searchParams.get("code_challenge_method") ?? undefined;
    this.current = {
      index,
      entryId: item.id,
      purpose: "",
      method: entry.request.method,
      origin: null,
      path: [],
      query: null,
      url: null,
      headers: [],
      cookies: [],
      body: null,
      expectStatus: entry.response?.status ?? 200,
      fresh: [],
      sign: null,
      extracts: [],
      displayUrl: this.secrets.displayUrl(entry.request.url.split("#")[0]),
      uses: new Set(),
      cookieFrom: new Set(),
    };
    const step = this.current;
    const hrefNoHash = url.href.split("#")[0];
    const wholeUrl = this.known(hrefNoHash);
    if (wholeUrl) step.url = [this.use(wholeUrl)];
    else {
      step.origin = this.origins.nameOf(url);
      step.path = this.pathTemplate(url.pathname);
      if (url.search) step.query = [...url.searchParams].map(([k, v]) => [k, this.slot(v, "query", k)]);
    }
    for (const h of entry.request.headers) {
      const lower = h.name.toLowerCase();
      if (h.name.startsWith(":") || DROPPED_HEADERS.has(lower) || lower.startsWith("sec-")) continue;
      const template = this.header(h.name, h.value);
      if (template.length) step.headers.push([h.name, template]);
    }
    this.cookies(entry);
    step.body = this.body(item);
    if (
      this.signature &&
      entry.request.headers.some((h) => h.name.toLowerCase() === this.signature!.header.toLowerCase())
    ) {
      const secret = this.supply(
        `\u0000signing-secret`,
        (n) => ({
          kind: "env",
          name: n,
          description: "the secret that signs requests (HMAC key), as the 401 describes",
        }),
        "API_SECRET",
      );
      step.sign = { ...this.signature, secret: refName([secret]) };
    }
    // The captured URL for `steps`: what the person or the program supplies shows under its value's name.
    for (const [literal, name] of this.supplied)
      if (step.uses.has(name) && literal.length >= 4)
        step.displayUrl = step.displayUrl.split(literal).join(`{{${name}}}`);
    this.learn(entry, index);
    return step;
  }

  private pathTemplate(path: string): Template {
    return path.split("/").flatMap((segment, i) => {
      const parts: Template = i === 0 ? [] : ["/"];
      if (!segment) return parts;
      const decoded = decodeLoosely(segment);
      const known = this.known(decoded);
      if (known) return [...parts, this.use(known)];
      return [...parts, ...this.literal(segment)];
    });
  }

  private cookies(entry: CapturedEntry["entry"]): void {
    const header = entry.request.headers
      .filter((h) => h.name.toLowerCase() === "cookie")
      .map((h) => h.value)
      .join("; ");
    const pairs = header
      ? header.split(/;\s*/).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)])
      : (entry.request.cookies ?? []).map((c) => [c.name, c.value]);
    const literal: string[] = [];
    for (const [name, value] of pairs) {
      if (!name) continue;
      const from = this.jar.get(name);
      if (from !== undefined) {
        this.current.cookies.push(name);
        this.current.cookieFrom.add(from);
      } else if (!isSecretName(name) && !looksSecret(value) && !this.secrets.values.has(value))
        literal.push(`${name}=${value}`);
    }
    if (literal.length) this.current.headers.push(["Cookie", this.literal(literal.join("; "))]);
  }

  /** Records what the response hands out, so later requests can use it. */
  private learn(entry: CapturedEntry["entry"], index: number): void {
    for (const cookie of setCookies(entry.response?.headers ?? [])) this.jar.set(cookie.name, index);
    for (const produced of producedValues(entry)) {
      if (this.supplied.has(produced.value)) continue;
      this.produced.set(produced.value, { step: index, source: produced.source, label: produced.label });
    }
  }
}

function safeAtob(text: string): string | null {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

function refName(template: Template): string {
  const ref = template.find((part): part is { ref: string } => typeof part !== "string");
  if (!ref || template.length !== 1) throw new Error("expected a single value");
  return ref.ref;
}
