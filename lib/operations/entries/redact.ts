import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { base64ToBytes, bytesToText } from "@/lib/render/bytes";
import { partsToText, SecretScanner, type Placeholder } from "@/lib/secrets/detect";
import { findingBase, secretlintFindings } from "@/lib/secrets/secretlint";

/**
 * Replaces the secrets of a capture with named placeholders, `{{AUTHORIZATION}}`,
 * `{{COOKIE_SESSION}}`, `{{ACCESS_TOKEN}}`… — found by the one detector (lib/secrets), so the
 * names are the ones Copy as cURL uses, and a model can explain a flow or write a repro without
 * ever seeing a credential. The same secret always gets the same name; `finish` hides every
 * further copy of one found elsewhere.
 */
export class EntryRedactor {
  private readonly scanner: SecretScanner;

  constructor(readonly enabled: boolean) {
    this.scanner = new SecretScanner(enabled);
  }

  get placeholders(): Placeholder[] {
    return this.scanner.placeholders;
  }

  spans(text: string, base: string, where: string): string {
    return partsToText(this.scanner.spans(text, base, where));
  }

  url(url: string): string {
    return partsToText(this.scanner.url(url));
  }

  header(name: string, value: string): string {
    return partsToText(this.scanner.header(name, value));
  }

  body(text: string, mimeType: string, where: string): string {
    return partsToText(this.scanner.body(text, mimeType, where));
  }

  /** secretlint's rules over the raw texts; what they find that ours did not is hidden by `finish`. */
  async addSecretlint(texts: string[]): Promise<void> {
    if (!this.enabled) return;
    for (const finding of await secretlintFindings(texts))
      this.scanner.known(finding.value, findingBase(finding.ruleId), `secretlint ${finding.ruleId}`);
  }

  /** Hides every further copy of a secret found anywhere in the capture. Call it last, on every output string. */
  finish(text: string): string {
    return partsToText(this.scanner.everywhere([text]));
  }
}

/** Every text of a capture secretlint should read: the URL, header values and text bodies. */
export function capturedTexts(entry: TrafficLogEntry): string[] {
  const texts = [entry.request.url, entry.response?.redirectURL ?? ""];
  for (const h of [...entry.request.headers, ...(entry.response?.headers ?? [])]) texts.push(h.value);
  for (const raw of [entry.request.body, entry.response?.body]) {
    if (!raw) continue;
    texts.push(raw.encoding === "base64" ? (bytesToText(base64ToBytes(raw.content)) ?? "") : raw.content);
  }
  return [texts.join("\n")];
}
