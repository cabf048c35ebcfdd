import { AppError } from "@/lib/errors";
import { Button } from "./button";

/**
 * A failed write, said plainly with the server's remediation. A CONFLICT (someone changed the
 * item since this form loaded it) offers to reload the newer version instead of overwriting it.
 */
export function MutationError({ error, onReload }: { error: Error | null; onReload?: () => void }) {
  if (!error) return null;
  const typed = error instanceof AppError ? error : null;
  return (
    <div role="alert" className="flex flex-wrap items-center gap-2 text-xs text-red-700 dark:text-red-400">
      <span>
        {error.message}
        {typed?.remediation ? ` ${typed.remediation}` : ""}
      </span>
      {typed?.code === "CONFLICT" && onReload && (
        <Button size="sm" variant="secondary" onClick={onReload}>
          Reload
        </Button>
      )}
    </div>
  );
}

export const isConflict = (error: Error | null) => error instanceof AppError && error.code === "CONFLICT";
