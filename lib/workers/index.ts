import "server-only";
import pg from "pg";
import { auditPrune } from "./audit-prune";
import { partitionUpkeep } from "./partition-upkeep";
import { retention } from "./retention";
import { schedule, type RunningJob } from "./schedule";
import { statsRefresh } from "./stats-refresh";
import { statusProbe, type ProbeTargets } from "./status-probe";
import { telegramNotifications } from "@/lib/telegram/notify";
import type { TelegramDeployment } from "@/lib/telegram/deployment";

/**
 * The background jobs `npm start` runs beside the app: stats every 60 s, status every 10 s,
 * audit pruning every 60 s, partition upkeep daily, retention hourly, Telegram notifications every 5 s when a bot is configured. They connect as the database owner (the jobs write snapshots no
 * user may write) through their own small pool, separate from request traffic.
 */
export interface Workers {
  stop(): Promise<void>;
}

export function startWorkers(options: {
  databaseUrl: string;
  probe: ProbeTargets;
  /** BUSYMATE_AUDIT_RETENTION_DAYS: audit rows older than this are pruned. */
  auditRetentionDays: number;
  /** Null or absent: no bot token, no notifications. */
  telegram?: TelegramDeployment | null;
  log: (line: string) => void;
}): Workers {
  // One connection per job's tick (ticks of different jobs may overlap), plus one for the Telegram job's checks as each recipient.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 7, application_name: "busymate-workers" });
  pool.on("error", (error) => options.log(`worker pool: ${error.message}`));
  const jobs: RunningJob[] = [
    partitionUpkeep,
    retention(options.log),
    statsRefresh,
    statusProbe(options.probe),
    auditPrune(options.auditRetentionDays),
    ...(options.telegram ? [telegramNotifications(pool, options.telegram)] : []),
  ].map((job) => schedule(pool, job, options.log));
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
      await pool.end();
    },
  };
}
