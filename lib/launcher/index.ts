import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { seedDemo } from "@/db/seed/demo";
import { ensureBuild } from "@/lib/build/ensure-build";
import { ConfigError, readLauncherConfig, readServerConfig, type LauncherConfig } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrations";
import { closeOwnerPool } from "@/lib/db/pool";
import { describeWriteError, openLogFile } from "@/lib/embedded/log-file";
import { acquireHomeLock, AlreadyRunningError } from "@/lib/embedded/home-lock";
import { loadOrCreateSecrets, localEnvironment, writeLocalEnv } from "@/lib/embedded/local-env";
import { PortBusyError, ensurePortFree } from "@/lib/embedded/ports";
import { initialiseCluster, stopLeftoverServer } from "@/lib/embedded/postgres";
import { superviseEmbeddedPostgres } from "@/lib/embedded/postgres-supervisor";
import { startLocalSupabase } from "@/lib/local-supabase";
import { signingKeySchema } from "@/lib/auth/token-keys";
import { createApiKeys } from "@/lib/local-supabase/keys";
import { startAppServer } from "@/lib/server/app-server";
import { startWorkers } from "@/lib/workers";
import { deploymentFrom } from "@/lib/telegram/deployment";

/**
 * `npm start` / `npm run dev`: one process tree that brings up Busymate and takes it down
 * again in reverse order on Ctrl-C or SIGTERM.
 */

const SHUTDOWN_LIMIT_MS = 10_000;
const say = (line: string) => console.log(`[busymate] ${line}`);

type Cleanup = { name: string; run: () => Promise<void> };

export class Launcher {
  private cleanups: Cleanup[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly projectDir: string,
    private readonly dev: boolean,
  ) {}

  private onStop(name: string, run: () => Promise<void>) {
    this.cleanups.push({ name, run });
  }

  async start(env: NodeJS.ProcessEnv): Promise<void> {
    const config = readLauncherConfig(env);
    say(`Starting in ${config.mode} mode${this.dev ? " (development server)" : ""}.`);
    // The home lock comes first, so a second start on the same home is told that, not
    // that its ports are busy; the app port is checked before anything is started.
    const home = path.resolve(this.projectDir, config.BUSYMATE_HOME);
    if (config.mode === "embedded") await this.lockHome(home);
    await ensurePortFree(config.HOST, config.PORT, "PORT");
    if (config.mode === "embedded") Object.assign(process.env, await this.startEmbedded(config, home));

    if (!this.dev) {
      const build = await ensureBuild(this.projectDir, say);
      say(build.rebuilt ? "Build finished." : "Production build is up to date.");
    }
    const app = await startAppServer({ dir: this.projectDir, dev: this.dev, host: config.HOST, port: config.PORT });
    this.onStop("app server", async () => {
      await app.close();
      await closeOwnerPool();
    });

    const server = readServerConfig(process.env);
    const workers = startWorkers({
      databaseUrl: server.DATABASE_URL,
      probe: { appUrl: app.url, supabaseUrl: server.NEXT_PUBLIC_SUPABASE_URL, secretKey: server.SUPABASE_SECRET_KEY },
      telegram: deploymentFrom(server),
      auditRetentionDays: server.BUSYMATE_AUDIT_RETENTION_DAYS,
      log: say,
    });
    this.onStop("workers", () => workers.stop());

    const appUrl = config.BUSYMATE_APP_URL ?? app.url;
    say(`App          ${app.url}`);
    say(`Open ${appUrl} in your browser. Press Ctrl-C to stop.`);
  }

  private async lockHome(home: string): Promise<void> {
    await mkdir(home, { recursive: true });
    const lock = await acquireHomeLock(home);
    this.onStop("home lock", () => lock.release());
  }

  private async startEmbedded(config: LauncherConfig, home: string): Promise<Record<string, string>> {
    const dataDir = path.join(home, "postgres");
    const pgLog = openLogFile(path.join(home, "postgres.log"), say);
    this.onStop("postgres log", () => pgLog.close());
    const onLog = (line: string) => pgLog.write(`${line}\n`);

    if (await stopLeftoverServer(dataDir, onLog)) say("Stopped a PostgreSQL left running by an earlier, killed start.");
    await ensurePortFree("127.0.0.1", config.DB_PORT, "DB_PORT");
    await ensurePortFree("127.0.0.1", config.SUPABASE_LOCAL_PORT, "SUPABASE_LOCAL_PORT");

    const { secrets, created } = await loadOrCreateSecrets(home, config.BUSYMATE_ADMIN_PASSWORD);
    // The embedded project as a Supabase project set up per docs/production-setup.md: Busymate's
    // signing key imported and in use (Auth signs sessions with it too, REST and Realtime verify
    // it by kid), the legacy secret not yet revoked (the anon/service JWTs are signed with it).
    const keys = await createApiKeys({
      jwtSecret: secrets.SUPABASE_JWT_SECRET,
      publishableKey: secrets.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
      secretKey: secrets.SUPABASE_SECRET_KEY,
      signing: {
        current: signingKeySchema.parse(secrets.BUSYMATE_JWT_SIGNING_KEY),
        trusted: [],
        legacySecretAccepted: true,
      },
    });
    const env: Record<string, string> = {
      ...localEnvironment(config, secrets),
      SUPABASE_ANON_KEY: keys.anonJwt,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleJwt,
    };
    const envFile = await writeLocalEnv(home, env);

    const pgOptions = { dataDir, port: config.DB_PORT, password: secrets.BUSYMATE_DB_PASSWORD, onLog };
    const initialised = await initialiseCluster(pgOptions);
    // Supervised: a PostgreSQL that dies on its own is started again (crash recovery keeps
    // every committed row) and the app keeps running; one that keeps dying stops everything.
    const postgres = await superviseEmbeddedPostgres({ ...pgOptions, say });
    this.onStop("PostgreSQL", () => postgres.stop());
    postgres.failed.catch((error: Error) => {
      if (this.stopping) return;
      console.error(`[busymate] ${error.message}; see ${path.join(home, "postgres.log")}. Stopping.`);
      void this.stop().then(() => process.exit(1));
    });
    say(`PostgreSQL   127.0.0.1:${config.DB_PORT} (data in ${dataDir}${initialised ? ", new cluster" : ""})`);

    await applyMigrations(postgres.url, this.projectDir);
    say("Migrations   applied");
    if (await isEmpty(postgres.url)) {
      say("First run: seeding demo data (admin, member, devices, captures, a workspace, service groups)…");
      await seedDemo(postgres.url, {
        adminEmail: env.BUSYMATE_ADMIN_EMAIL,
        adminPassword: env.BUSYMATE_ADMIN_PASSWORD,
        memberEmail: env.BUSYMATE_MEMBER_EMAIL,
        memberPassword: env.BUSYMATE_MEMBER_PASSWORD,
      });
    }

    const supabaseLog = openLogFile(path.join(home, "local-supabase.log"), say);
    this.onStop("local Supabase log", () => supabaseLog.close());
    const supabase = await startLocalSupabase({
      mode: config.mode,
      host: "127.0.0.1",
      port: config.SUPABASE_LOCAL_PORT,
      databaseUrl: postgres.url,
      keys,
      auth: {
        rateLimits: {
          signInPerIp: { limit: config.SUPABASE_AUTH_SIGN_IN_LIMIT, windowSeconds: 300 },
          signInPerEmail: { limit: config.SUPABASE_AUTH_SIGN_IN_PER_EMAIL_LIMIT, windowSeconds: 300 },
        },
      },
      log: (line) => supabaseLog.write(`${new Date().toISOString()} ${line}\n`),
    });
    this.onStop("local Supabase", () => supabase.close());
    say(`Supabase     ${supabase.url} (Auth, REST, Realtime; log in ${path.join(home, "local-supabase.log")})`);
    say(`local.env    ${envFile} (every URL, key and secret of this stack)`);
    if (created) {
      // A person at a terminal reads the password once; piped output ends up in log files
      // (a service manager's journal, CI logs), which must never hold a secret.
      say(
        process.stdout.isTTY
          ? `First run: admin sign-in is ${env.BUSYMATE_ADMIN_EMAIL} / ${env.BUSYMATE_ADMIN_PASSWORD} (also in local.env).`
          : `First run: admin sign-in is ${env.BUSYMATE_ADMIN_EMAIL}; the password is BUSYMATE_ADMIN_PASSWORD in local.env.`,
      );
    }
    return env;
  }

  /** Runs the cleanups in reverse order of start; each gets what is left of the limit. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, run } of this.cleanups.reverse()) {
        try {
          await run();
        } catch (error) {
          console.error(`[busymate] Stopping ${name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }
}

/** No user yet: a fresh database (or a first start whose seed did not finish). */
async function isEmpty(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query("SELECT NOT EXISTS (SELECT 1 FROM auth.users) AS empty")).rows[0].empty;
  } finally {
    await client.end();
  }
}

/** The messages a person can act on, without a stack trace. */
function expectedFailure(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.problems.map((line) => `Configuration: ${line}`).join("\n");
  if (error instanceof AlreadyRunningError || error instanceof PortBusyError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EDQUOT" || code === "EROFS")
    return `[busymate] Cannot write ${(error as NodeJS.ErrnoException).path ?? "BUSYMATE_HOME"}: ${describeWriteError(error as NodeJS.ErrnoException)}.`;
  return undefined;
}

export async function main(argv: string[]): Promise<void> {
  const projectDir = process.cwd();
  const dev = argv.includes("--dev");
  const { loadEnvConfig } = await import("@next/env");
  loadEnvConfig(projectDir, dev, { info: () => undefined, error: console.error });

  const launcher = new Launcher(projectDir, dev);
  const shutdown = (signal: string) => {
    say(`${signal} received: stopping…`);
    const force = setTimeout(() => {
      console.error("[busymate] Shutdown took longer than 10 s; exiting anyway.");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    void launcher.stop().then(() => {
      say("Stopped.");
      process.exit(0);
    });
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));

  try {
    await launcher.start(process.env);
  } catch (error) {
    console.error(expectedFailure(error) ?? `[busymate] Start failed: ${(error as Error).stack ?? error}`);
    await launcher.stop();
    process.exit(expectedFailure(error) ? 2 : 1);
  }
}
