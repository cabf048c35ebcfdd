import type { ReactNode } from "react";

/**
 * Empty, error and "not allowed" states: what happened, and what to do next. Never a bare
 * "No data".
 */
export function StateMessage({
  title,
  children,
  tone = "neutral",
  action,
}: {
  title: string;
  children?: ReactNode;
  tone?: "neutral" | "error";
  action?: ReactNode;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className="mx-auto flex max-w-lg flex-col items-center gap-3 px-6 py-16 text-center"
    >
      <h2 className={`text-base font-semibold ${tone === "error" ? "text-red-700 dark:text-red-400" : ""}`}>{title}</h2>
      {children && <div className="space-y-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
      {action}
    </div>
  );
}
