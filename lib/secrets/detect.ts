/**
 * What counts as a secret in a capture, in one place: credentials by the name they travel
 * under (./names), by their look (./patterns, ./entropy), inside HTML pages (./html), and the
 * scanner that splits captured text into literal pieces and named secrets (./scanner). Every
 * path a capture leaves by uses it: get_entry, copy as cURL, build_repro. Server-side callers
 * add secretlint's recommended rules with ./secretlint.
 */
export { isSecretHeader, isSecretName, URL_HEADERS } from "./names";
export { looksSecret, patternSpans, secretSpans, mergeSpans, type Span } from "./patterns";
export { isHighEntropy, shannonEntropy } from "./entropy";
export { decodeEntities, htmlFields, htmlSecretSpans, isSecretField, type HtmlField } from "./html";
export { placeholderName, PlaceholderRegistry, type Placeholder } from "./placeholders";
export { decodeLoosely, partsToText, SecretScanner, type Part } from "./scanner";
