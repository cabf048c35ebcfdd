import type { lintSource as LintSource } from "@secretlint/core";
import { patternSpans } from "./patterns";

/**
 * secretlint's recommended preset (AWS, GCP, GitHub, Slack, Stripe, npm, private keys,
 * connection strings with passwords, basic-auth URLs…) plus our JWT and key-prefix patterns
 * as one secretlint rule. Server-side only: the preset is a 230 KB bundle and the API is
 * async, so the browser's copy as cURL keeps to ./scanner's pure rules, which this one repeats.
 */

export interface SecretlintFinding {
  ruleId: string;
  value: string;
}

// The types come from @secretlint/types, which is not ours to import directly.
type Config = Parameters<typeof LintSource>[0]["options"]["config"];
type RuleCreator = Exclude<Config["rules"][number]["rule"], { rules: unknown }>;

const messages = { SECRET: { en: () => "A credential by its look (a JWT or a known key prefix)" } };

const busymateRule: RuleCreator = {
  meta: {
    id: "busymate/known-patterns",
    recommended: true,
    type: "scanner",
    supportedContentTypes: ["text"],
    docs: { url: "https://github.com/busymate" },
  },
  messages,
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        for (const span of patternSpans(source.content))
          context.report({ message: t("SECRET"), range: [span.start, span.end] });
      },
    };
  },
};

let configPromise: Promise<{ lintSource: typeof LintSource; config: Config }> | null = null;

function load() {
  configPromise ??= (async () => {
    const [{ lintSource }, { creator: preset }, { secretLintProfiler }] = await Promise.all([
      import("@secretlint/core"),
      import("@secretlint/secretlint-rule-preset-recommend"),
      import("@secretlint/profiler"),
    ]);
    // On by default, the profiler leaves performance marks behind on every lint: a leak in a server.
    secretLintProfiler.setEnabled(false);
    const config: Config = {
      rules: [
        { id: preset.meta.id, rule: preset, options: {} },
        { id: busymateRule.meta.id, rule: busymateRule },
      ],
    };
    return { lintSource, config };
  })();
  return configPromise;
}

/** Every secret secretlint finds in these texts, once each. */
export async function secretlintFindings(texts: string[]): Promise<SecretlintFinding[]> {
  const { lintSource, config } = await load();
  const found = new Map<string, string>();
  for (const content of texts) {
    if (!content) continue;
    const result = await lintSource({
      source: { filePath: "/capture.txt", content, contentType: "text" },
      options: { config, maskSecrets: false, noPhysicFilePath: true },
    });
    for (const message of result.messages) {
      const value = content.slice(message.range[0], message.range[1]);
      if (value && !found.has(value)) found.set(value, message.ruleId);
    }
  }
  return [...found].map(([value, ruleId]) => ({ value, ruleId }));
}

/** A placeholder base for a rule: "@secretlint/secretlint-rule-github" → "GITHUB_SECRET". */
export function findingBase(ruleId: string): string {
  const tail = ruleId.split("/").pop() ?? "secret";
  return `${tail.replace(/^secretlint-rule-/, "").replace(/^known-patterns$/, "token")}_secret`;
}
