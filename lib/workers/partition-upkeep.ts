import type { Job } from "./schedule";

/**
 * Keeps the coming weeks' `entries` partitions in place. Daily rather than weekly: it is
 * idempotent and cheap, and a missed week would send captures to the default partition.
 */
export const partitionUpkeep: Job = {
  name: "partition upkeep",
  everyMs: 24 * 3_600_000,
  lockKey: 7_412_003,
  async run(client) {
    await client.query("SELECT busymate_private.ensure_entry_partitions(now(), 4)");
  },
};
