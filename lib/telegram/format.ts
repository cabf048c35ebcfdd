/**
 * BusyBro answers in Markdown; Telegram takes a subset of HTML (parse_mode "HTML"). HTML was
 * chosen over MarkdownV2 because only three characters need escaping (& < >), so arbitrary
 * captured text (URLs, JSON, headers) can never break the markup. Messages are limited to
 * 4096 characters: answers are split between blocks, a block too long alone is split between
 * lines, and every piece is valid HTML on its own (a code block split in two is two blocks).
 */

export const MESSAGE_LIMIT = 4096;

export const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, "&quot;");

interface Block {
  kind: "text" | "code";
  lang?: string;
  body: string;
}

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  let text: string[] = [];
  const flush = () => {
    const body = text.join("\n").trim();
    if (body) blocks.push({ kind: "text", body });
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```\s*([\w+#.-]*)\s*$/.exec(lines[i]);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) code.push(lines[i]);
      blocks.push({ kind: "code", lang: fence[1] || undefined, body: code.join("\n") });
    } else if (!lines[i].trim()) {
      flush();
    } else {
      text.push(lines[i]);
    }
  }
  flush();
  return blocks;
}

/** Inline Markdown → HTML: code spans first (their content is literal), then links, bold, italics. */
function renderInline(line: string): string {
  const spans: string[] = [];
  const protectedLine = line.replace(/`([^`\n]+)`/g, (_, code: string) => {
    spans.push(`<code>${escapeHtml(code)}</code>`);
    return `\u0000${spans.length - 1}\u0000`;
  });
  return escapeHtml(protectedLine)
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_, label: string, url: string) => `<a href="${escapeAttribute(url.replace(/&amp;/g, "&"))}">${label}</a>`,
    )
    .replace(/\*\*([^*\n]+)\*\*/g, "<b>$1</b>")
    .replace(/__([^_\n]+)__/g, "<b>$1</b>")
    .replace(/(^|[^\w*])\*([^*\s][^*\n]*?)\*(?![\w*])/g, "$1<i>$2</i>")
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => spans[Number(index)]);
}

function renderTextLine(line: string): string {
  const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `<b>${renderInline(heading[1])}</b>`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${renderInline(bullet[2])}`;
  return renderInline(line);
}

const renderText = (body: string) => body.split("\n").map(renderTextLine).join("\n");

const renderCode = (lang: string | undefined) => (body: string) =>
  `<pre><code${lang ? ` class="language-${escapeAttribute(lang)}"` : ""}>${escapeHtml(body)}</code></pre>`;

/** Longest prefix of `text` whose rendering fits, at least one character. */
function fittingPrefix(text: string, render: (part: string) => string, limit: number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (render(text.slice(0, mid)).length <= limit) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A block's source cut between lines (a too-long line between characters) so each piece renders within `limit`. */
function splitBlock(body: string, render: (part: string) => string, limit: number): string[] {
  const pieces: string[] = [];
  let current: string | null = null;
  for (const line of body.split("\n")) {
    const candidate: string = current === null ? line : `${current}\n${line}`;
    if (render(candidate).length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== null) pieces.push(current);
    let rest = line;
    while (render(rest).length > limit) {
      const cut = fittingPrefix(rest, render, limit);
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current !== null && current !== "") pieces.push(current);
  return pieces.map(render);
}

/** Telegram HTML messages for one Markdown answer, each at most `limit` characters. */
export function toTelegramMessages(markdown: string, limit = MESSAGE_LIMIT): string[] {
  const rendered = blocksOf(markdown).flatMap((block) => {
    const render = block.kind === "code" ? renderCode(block.lang) : renderText;
    const html = render(block.body);
    return html.length <= limit ? [html] : splitBlock(block.body, render, limit);
  });
  const messages: string[] = [];
  for (const html of rendered) {
    const last = messages.at(-1);
    if (last !== undefined && last.length + 2 + html.length <= limit)
      messages[messages.length - 1] = `${last}\n\n${html}`;
    else messages.push(html);
  }
  return messages.length > 0 ? messages : ["(BusyBro gave no answer.)"];
}
