import type { Job } from "./schedule";

/** Rows deleted per tick: one short transaction, whatever the backlog (120,000 an hour at most). */
export const AUDIT_PRUNE_BATCH = 2_000;

/**
 * Audit retention: rows older than the setting go, oldest first, at most one batch per tick, so
 * a first run over years of history never holds a long transaction or a long lock; a backlog of
 * 1 M rows clears in under nine hours. The worker connects as the owner and deletes from
 * audit_log itself, which no audit trigger watches: pruning writes no audit rows.
 */
export function auditPrune(retentionDays: number, batch = AUDIT_PRUNE_BATCH): Job {
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new Error(`audit retention must be a whole number of days ≥ 1, not ${retentionDays}`);
  return {
    name: "audit pruning",
    everyMs: 60_000,
    lockKey: 7_412_005,
    async run(client) {
      await client.query("SELECT busymate_private.prune_audit_log(make_interval(days => $1), $2)", [
        retentionDays,
        batch,
      ]);
    },
  };
}
