import "server-only";
import { isSecretName, partsToText, SecretScanner, type Part } from "@/lib/secrets/detect";
import { findingBase, secretlintFindings } from "@/lib/secrets/secretlint";

/** Keeps captured secrets from the model provider (a third party) and from answers. */
export interface Redactor {
  /** A tool result with every secret replaced by a named placeholder ({{AUTHORIZATION}}). */
  redact(value: unknown): Promise<unknown>;
  /** Text with every secret seen so far replaced by its placeholder. */
  scrub(text: string): string;
}

const PLACEHOLDER = /^\{\{[A-Z0-9_]+\}\}$/;

type Marked = { parts: Part[] } | Marked[] | { [key: string]: Marked } | number | boolean | null;

const isHeader = (node: Record<string, unknown>) =>
  typeof node.name === "string" && typeof node.value === "string" && Object.keys(node).length <= 3;
const isBody = (node: Record<string, unknown>) =>
  typeof node.content === "string" && (typeof node.mimeType === "string" || typeof node.encoding === "string");

/**
 * One redactor per question, on the one secrets detector (lib/secrets): headers by their
 * name (Authorization, cookies…), bodies by their type (JSON keys, form fields, HTML CSRF
 * inputs), URLs by their query and fragment, other strings by key name and look, secretlint's
 * rules on top; then every further copy of a found secret anywhere in the result. The same
 * secret keeps its placeholder across a question's tool results, and `scrub` hides any that a
 * result carried from the answer text.
 */
export function createRedactor(): Redactor {
  const scanner = new SecretScanner();

  const mark = (node: unknown, key: string, where: string): Marked => {
    if (typeof node === "string") {
      if (PLACEHOLDER.test(node)) return { parts: [node] };
      if (key && isSecretName(key) && node) return { parts: [scanner.secret(key, node, `${where} ${key}`)] };
      if (/url$/i.test(key) || /^https?:\/\//.test(node)) return { parts: scanner.url(node) };
      return { parts: scanner.spans(node, key || "SECRET", `${where} ${key || "value"}`) };
    }
    if (Array.isArray(node)) return node.map((item) => mark(item, key, where));
    if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (isHeader(record))
        return {
          ...record,
          name: { parts: [record.name as string] },
          value: { parts: scanner.header(record.name as string, record.value as string) },
        } as Marked;
      const out: { [key: string]: Marked } = {};
      for (const [k, v] of Object.entries(record)) {
        out[k] =
          k === "content" && isBody(record) && record.encoding !== "base64"
            ? { parts: scanner.body(v as string, String(record.mimeType ?? ""), `${where} body`) }
            : mark(v, k, where);
      }
      return out;
    }
    return (node ?? null) as Marked;
  };

  const render = (node: Marked): unknown => {
    if (node && typeof node === "object" && "parts" in node && Array.isArray((node as { parts: Part[] }).parts))
      return partsToText(scanner.everywhere((node as { parts: Part[] }).parts));
    if (Array.isArray(node)) return node.map(render);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, render(v as Marked)]));
    return node;
  };

  const strings = (node: unknown, out: string[] = []): string[] => {
    if (typeof node === "string") out.push(node);
    else if (Array.isArray(node)) for (const item of node) strings(item, out);
    else if (node && typeof node === "object") for (const value of Object.values(node)) strings(value, out);
    return out;
  };

  return {
    async redact(value) {
      const marked = mark(value, "", "tool result");
      for (const finding of await secretlintFindings(strings(value)))
        scanner.known(finding.value, findingBase(finding.ruleId), `secretlint ${finding.ruleId}`);
      return render(marked);
    },
    scrub: (text) => partsToText(scanner.everywhere([text])),
  };
}
