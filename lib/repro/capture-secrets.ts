import { SecretScanner } from "@/lib/secrets/detect";
import { SecretIndex } from "@/lib/secrets/index-match";
import type { CapturedEntry } from "./types";
import { bodyText, headerValue } from "./values";

/** Copies shorter than this are not searched for inside other literals. */
const MIN_SEARCHED = 6;

/**
 * Every secret the detector (lib/secrets) finds anywhere in the captures — requests and
 * responses, plus what secretlint found — so that a copy of one in an odd place of a later
 * request is still recognised and never copied into a program.
 */
export class CaptureSecrets {
  /** Names are the detector's placeholder names (AUTHORIZATION, COOKIE_SID…). */
  private readonly scanner = new SecretScanner();
  private readonly index: SecretIndex<{ name: string; value: string }>;
  readonly values: Set<string>;

  constructor(items: CapturedEntry[], extraSecrets: string[]) {
    const scanner = this.scanner;
    const mime = (body: CapturedEntry["entry"]["request"]["body"], headers: { name: string; value: string }[]) =>
      body?.mimeType ?? headerValue(headers, "content-type") ?? "";
    for (const { entry } of items) {
      scanner.url(entry.request.url);
      for (const h of entry.request.headers) scanner.header(h.name, h.value);
      for (const h of entry.response?.headers ?? []) scanner.header(h.name, h.value);
      if (entry.response?.redirectURL) scanner.url(entry.response.redirectURL);
      const request = bodyText(entry.request.body);
      if (request) scanner.body(request, mime(entry.request.body, entry.request.headers), "request body");
      const response = bodyText(entry.response?.body);
      if (response) scanner.body(response, mime(entry.response?.body, entry.response?.headers ?? []), "response body");
    }
    for (const value of extraSecrets) scanner.known(value, "SECRET", "secretlint");
    const secrets = scanner.registry.secrets().filter(([, value]) => value.length >= MIN_SEARCHED);
    this.index = new SecretIndex(secrets.map(([name, value]) => [{ name, value }, value]));
    this.values = new Set(secrets.map(([, value]) => value));
  }

  /** A literal cut at each copy of a known secret. */
  split(text: string): (string | { name: { name: string; value: string } })[] {
    return this.index.split(text);
  }

  /** A captured URL for display: secrets as {{NAME}}. */
  displayUrl(url: string): string {
    const display = new SecretScanner();
    return this.scanner
      .everywhere(display.url(url))
      .map((part) => (typeof part === "string" ? part : `{{${part.secret}}}`))
      .join("");
  }
}
