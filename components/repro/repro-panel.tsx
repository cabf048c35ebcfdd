"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";

type Language = "node" | "python" | "curl";

function download(name: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "text/plain" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * build_repro on the marked captures: the scheme, the steps in order with what each one is
 * for (which value from which response it carries on), the values the person fills in, and
 * the program with copy and download, in node, python or curl.
 */
export function ReproPanel({ entryIds, onClose }: { entryIds: number[]; onClose: () => void }) {
  const call = useOperations();
  const [language, setLanguage] = useState<Language>("node");
  const repro = useQuery({
    queryKey: ["repro", language, entryIds],
    queryFn: () => call("build_repro", { entry_ids: entryIds, language }),
    staleTime: Infinity,
    retry: false,
  });
  const [file, setFile] = useState(0);
  return (
    <section
      aria-label="Repro"
      data-testid="repro-panel"
      className="flex min-h-0 flex-col border-l border-zinc-200 dark:border-zinc-800"
    >
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="text-xs text-zinc-500">Repro of {entryIds.length} captures</span>
        <div role="radiogroup" aria-label="Language" className="ml-auto flex gap-1">
          {(["node", "python", "curl"] as const).map((lang) => (
            <Button
              key={lang}
              size="sm"
              role="radio"
              aria-checked={language === lang}
              variant={language === lang ? "primary" : "ghost"}
              onClick={() => {
                setLanguage(lang);
                setFile(0);
              }}
            >
              {lang}
            </Button>
          ))}
        </div>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close repro">
          ✕
        </Button>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-auto p-3 text-sm">
        {repro.isPending && <Spinner label="Correlating the flow…" />}
        {repro.isError && (
          <StateMessage tone="error" title="No repro from these captures">
            <p>{repro.error.message}</p>
            <p>Select one flow: the login, the token exchange and the calls that use it (“This flow” on a capture).</p>
          </StateMessage>
        )}
        {repro.data && (
          <>
            <p>
              Scheme: <strong data-testid="repro-scheme">{repro.data.scheme}</strong> · run with{" "}
              <code className="font-mono">{repro.data.run}</code>
            </p>
            <ol aria-label="Steps" className="space-y-1 border-l-2 border-sky-600 pl-3" data-testid="repro-steps">
              {repro.data.steps.map((step, i) => (
                <li key={step.entry_id}>
                  <span className="font-mono text-xs">
                    {i + 1}. {step.method} {step.url}
                  </span>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">{step.purpose}</p>
                </li>
              ))}
            </ol>
            {repro.data.placeholders.length > 0 && (
              <table className="w-full text-left text-xs">
                <caption className="text-left font-semibold">Set these before running</caption>
                <tbody>
                  {repro.data.placeholders.map((p) => (
                    <tr key={p.name} className="border-t border-zinc-100 dark:border-zinc-800">
                      <th scope="row" className="py-1 pr-2 font-mono">
                        {p.name}
                      </th>
                      <td className="py-1">{p.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="flex flex-wrap items-center gap-2">
              {repro.data.files.map((f, i) => (
                <Button key={f.name} size="sm" variant={i === file ? "secondary" : "ghost"} onClick={() => setFile(i)}>
                  {f.name}
                </Button>
              ))}
              {repro.data.files[file] && (
                <>
                  <CopyButton text={repro.data.files[file].content} label="Copy" />
                  <Button
                    size="sm"
                    onClick={() => download(repro.data.files[file].name, repro.data.files[file].content)}
                  >
                    Download
                  </Button>
                </>
              )}
            </div>
            {repro.data.files[file] && (
              <CodeBlock label={repro.data.files[file].name}>{repro.data.files[file].content}</CodeBlock>
            )}
          </>
        )}
      </div>
    </section>
  );
}
