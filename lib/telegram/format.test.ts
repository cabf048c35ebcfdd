import { describe, expect, it } from "vitest";
import { escapeHtml, MESSAGE_LIMIT, toTelegramMessages } from "./format";

describe("Telegram formatting (HTML parse mode)", () => {
  it("escapes what HTML needs and renders code blocks, inline code, bold, links and bullets", () => {
    const [message] = toTelegramMessages(
      [
        "## Login flow",
        "The **token** comes from `POST /v1/login?a=1&b=<2>` — see [docs](https://example.com/a?b=1&c=2).",
        "- first <step> & more",
        "",
        "```bash",
        "curl -H 'x: <y>' https://a.example/?q=1&r=2",
        "```",
      ].join("\n"),
    );
    expect(message).toBe(
      [
        "<b>Login flow</b>",
        'The <b>token</b> comes from <code>POST /v1/login?a=1&amp;b=&lt;2&gt;</code> — see <a href="https://example.com/a?b=1&amp;c=2">docs</a>.',
        "• first &lt;step&gt; &amp; more",
        "",
        "<pre><code class=\"language-bash\">curl -H 'x: &lt;y&gt;' https://a.example/?q=1&amp;r=2</code></pre>",
      ].join("\n"),
    );
  });

  it("keeps snake_case and lone asterisks as they are", () => {
    expect(toTelegramMessages("list_devices and 2 * 3 * 4")).toEqual(["list_devices and 2 * 3 * 4"]);
  });

  it("splits a long answer under the limit, between blocks, and a long code block into complete code blocks", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${"word ".repeat(40)}`);
    const code = Array.from({ length: 400 }, (_, i) => `line ${i} <tag> & "quote"`).join("\n");
    const messages = toTelegramMessages(`${paragraphs.join("\n\n")}\n\n\`\`\`json\n${code}\n\`\`\``);
    expect(messages.length).toBeGreaterThan(3);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      // Every piece is balanced markup on its own.
      expect((message.match(/<pre>/g) ?? []).length).toBe((message.match(/<\/pre>/g) ?? []).length);
    }
    const codeText = messages
      .flatMap((message) => [...message.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]))
      .join("\n");
    expect(codeText).toBe(escapeHtml(code));
    expect(messages.join("\n\n")).toContain("Paragraph 39");
  });

  it("cuts a single line longer than a message into pieces that fit", () => {
    const messages = toTelegramMessages("&".repeat(10_000));
    expect(messages.every((message) => message.length <= MESSAGE_LIMIT)).toBe(true);
    expect(messages.join("")).toBe("&amp;".repeat(10_000));
  });
});
