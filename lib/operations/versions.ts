import { z } from "zod";
import { AppError } from "@/lib/errors";
import { iso } from "./fields";

/**
 * Optimistic concurrency for the catalogue editors: an update may carry the `updated_at` its
 * editor loaded; if the row has changed since, the update is refused instead of overwriting
 * the newer value. Compared as the ISO string the read gave (millisecond precision), so a
 * client echoes exactly what it received.
 */
export const expectedUpdatedAt = z.iso
  .datetime({ offset: true })
  .optional()
  .describe("The updated_at you loaded; if the item changed since, the update answers CONFLICT instead of overwriting");

export function assertUnchanged(what: string, current: Date | string, expected: string | undefined): void {
  if (expected === undefined) return;
  if (iso(current) === iso(expected)) return;
  throw new AppError(
    "CONFLICT",
    `${what} changed since you loaded it.`,
    "Reload it to see the newer version, then make your change again.",
    { field: "expected_updated_at" },
  );
}
