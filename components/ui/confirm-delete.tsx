"use client";

import { useState, type ReactNode } from "react";
import { Button } from "./button";

/**
 * Delete in two steps: the first press says what the deletion removes, the second does it.
 * Escape or Cancel backs out; focus lands on the confirming button so the keyboard can finish.
 */
export function ConfirmDelete({
  label,
  consequence,
  onConfirm,
  pending,
}: {
  /** "Delete tag auth-flow": the accessible name of the first button. */
  label: string;
  consequence: ReactNode;
  onConfirm: () => void;
  pending: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button size="sm" variant="ghost" aria-label={label} onClick={() => setAsking(true)}>
        Delete
      </Button>
    );
  }
  return (
    <span
      role="group"
      aria-label={`Confirm: ${label}`}
      className="inline-flex flex-wrap items-center gap-2 text-xs"
      onKeyDown={(e) => e.key === "Escape" && setAsking(false)}
    >
      <span className="text-zinc-700 dark:text-zinc-300">{consequence}</span>
      <Button size="sm" variant="danger" autoFocus disabled={pending} onClick={onConfirm}>
        {pending ? "Deleting…" : "Confirm delete"}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
