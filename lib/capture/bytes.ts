/**
 * Byte lengths of body content without Buffer, so the schema module stays usable in the
 * browser as well as on the server. Written as flat loops: they run over every generated
 * and truncated body.
 */

/** UTF-8 bytes of the UTF-16 unit at `index`; a surrogate pair counts 4 on its first unit, 0 on its second. */
function unitBytes(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  } else if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = text.charCodeAt(index - 1);
    if (previous >= 0xd800 && previous <= 0xdbff) return 0;
  }
  // Other code points take 3 bytes; so does a lone surrogate, encoded as U+FFFD like TextEncoder and Buffer do.
  return 3;
}

export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : unitBytes(text, i);
  }
  return bytes;
}

/** The longest prefix of `text` whose UTF-8 encoding fits `limitBytes`, never splitting a character. */
export function utf8Prefix(text: string, limitBytes: number): string {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const size = unitBytes(text, i);
    if (bytes + size > limitBytes) return text.slice(0, i);
    bytes += size;
  }
  return text;
}

export const stripBase64Whitespace = (base64: string) => (/\s/.test(base64) ? base64.replace(/\s+/g, "") : base64);

/** Decoded bytes of whitespace-free base64, padded or not. */
export function base64DecodedLength(base64: string): number {
  let end = base64.length;
  while (end > 0 && base64[end - 1] === "=") end--;
  return Math.floor((end * 3) / 4);
}
