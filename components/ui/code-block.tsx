import type { ReactNode } from "react";

export function CodeBlock({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <pre
      aria-label={label}
      className="max-h-96 overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs leading-5 whitespace-pre-wrap break-all text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200"
    >
      {children}
    </pre>
  );
}
