"use client";

import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";

interface ReproArtifact {
  type: "repro";
  scheme?: string;
  run?: string;
  files?: { name: string; content: string }[];
  placeholders?: { name: string; description: string }[];
}

interface TableArtifact {
  type: "table";
  title?: string;
  columns: string[];
  rows: unknown[][];
  truncated?: boolean;
}

function download(name: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "text/plain" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

const cell = (value: unknown) => (value === null || value === undefined ? "—" : String(value));

/** A tool's artifact beside the answer: a repro's files to copy or download, a list as a table. */
export function ArtifactView({ artifact }: { artifact: Record<string, unknown> }) {
  if (artifact.type === "repro") {
    const repro = artifact as unknown as ReproArtifact;
    return (
      <section aria-label="Repro" className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Repro · {repro.scheme ?? "flow"} · run with <code>{repro.run}</code>
        </p>
        {repro.placeholders && repro.placeholders.length > 0 && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Set first: {repro.placeholders.map((p) => p.name).join(", ")}
          </p>
        )}
        {(repro.files ?? []).map((file) => (
          <div key={file.name} className="space-y-1">
            <div className="flex items-center gap-2 text-xs">
              <span className="font-mono">{file.name}</span>
              <CopyButton text={file.content} label={`Copy ${file.name}`} />
              <button
                type="button"
                className="text-sky-700 underline dark:text-sky-400"
                onClick={() => download(file.name, file.content)}
              >
                Download
              </button>
            </div>
            <CodeBlock>{file.content}</CodeBlock>
          </div>
        ))}
      </section>
    );
  }
  if (artifact.type === "table") {
    const table = artifact as unknown as TableArtifact;
    return (
      <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
        <table className="w-full text-left text-xs">
          <caption className="px-2 py-1 text-left text-zinc-600 dark:text-zinc-400">
            {table.title}
            {table.truncated ? " (first rows)" : ""}
          </caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col" className="px-2 py-1 font-semibold">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                {row.map((value, j) => (
                  <td key={j} className="max-w-48 truncate px-2 py-1 font-mono">
                    {cell(value)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return null;
}
