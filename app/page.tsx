import { connection } from "next/server";
import Link from "next/link";
import { InstanceStatus } from "@/components/home/instance-status";
import { buttonClass } from "@/components/ui/button";
import { currentSession } from "@/lib/browser/server-supabase";
import { DEFAULT_AFTER_SIGN_IN, SIGN_IN_PATH } from "@/lib/supabase/paths";
import { serverConfig } from "@/lib/config";
import { readiness } from "@/lib/health/readiness";
import { instanceSurfaces } from "@/lib/instance/surfaces";
import { versionInfo } from "@/lib/version";

export default async function HomePage() {
  await connection();
  const config = serverConfig();
  const session = await currentSession();
  return (
    <main className="mx-auto max-w-4xl space-y-10 px-6 py-12">
      <header className="space-y-3">
        <h1 className="text-4xl font-bold tracking-tight">Busymate</h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          The team dashboard for captured HTTP(S) traffic: a whole fleet&apos;s requests and responses in one database,
          shared by role, live, searchable, and explained by BusyBro.
        </p>
        <p>
          {session ? (
            <Link href={DEFAULT_AFTER_SIGN_IN} className={buttonClass("primary")}>
              Open the dashboard
            </Link>
          ) : (
            <Link href={SIGN_IN_PATH} className={buttonClass("primary")}>
              Sign in
            </Link>
          )}
        </p>
        <p className="text-sm">
          AI agents start at{" "}
          <a className="font-medium text-sky-700 underline dark:text-sky-400" href="/llms.txt">
            /llms.txt
          </a>
          .
        </p>
      </header>
      <InstanceStatus readiness={await readiness()} surfaces={instanceSurfaces(config)} version={versionInfo()} />
    </main>
  );
}
