import type { Job } from "./schedule";

/** Recomputes the fleet stats snapshot (service_stats, id = 1) every 60 s, as pg_cron would. */
export const statsRefresh: Job = {
  name: "stats refresh",
  everyMs: 60_000,
  lockKey: 7_412_001,
  async run(client) {
    await client.query("SET LOCAL statement_timeout = '30s'");
    await client.query("SELECT public.refresh_service_stats()");
  },
};
