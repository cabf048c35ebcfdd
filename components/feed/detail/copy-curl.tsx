"use client";

import { useMemo, useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { toCurl, type SecretHandling } from "@/lib/render/curl";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/** Copy as cURL, with the choice the person makes: secrets as placeholders (default) or kept. */
export function CopyCurl({ request }: { request: TrafficLogEntry["request"] }) {
  const [secrets, setSecrets] = useState<SecretHandling>("placeholders");
  const { command, placeholders } = useMemo(() => toCurl(request, { secrets }), [request, secrets]);
  return (
    <section aria-label="Copy as cURL" className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Copy as cURL</h3>
        <fieldset className="flex gap-3 text-xs">
          <legend className="sr-only">Secrets</legend>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="curl-secrets"
              checked={secrets === "placeholders"}
              onChange={() => setSecrets("placeholders")}
              className="accent-sky-700"
            />
            Replace secrets with placeholders
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="curl-secrets"
              checked={secrets === "keep"}
              onChange={() => setSecrets("keep")}
              className="accent-sky-700"
            />
            Keep secrets
          </label>
        </fieldset>
        <CopyButton text={command} label="Copy command" />
      </div>
      <CodeBlock label="cURL command">
        <span data-testid="curl-command">{command}</span>
      </CodeBlock>
      {secrets === "placeholders" && placeholders.length > 0 && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Set before running:{" "}
          {placeholders.map((p) => (
            <code key={p.name} title={p.where} className="mr-1.5 rounded bg-zinc-100 px-1 dark:bg-zinc-800">
              {p.name}
            </code>
          ))}
        </p>
      )}
    </section>
  );
}
