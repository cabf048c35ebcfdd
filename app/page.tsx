import { connection } from "next/server";
import { InstanceStatus } from "@/components/home/instance-status";
import { serverConfig } from "@/lib/config";
import { readiness } from "@/lib/health/readiness";
import { instanceSurfaces } from "@/lib/instance/surfaces";
import { versionInfo } from "@/lib/version";

export default async function HomePage() {
  await connection();
  const config = serverConfig();
  return (
    <main className="mx-auto max-w-4xl space-y-10 px-6 py-12">
      <header className="space-y-3">
        <h1 className="text-4xl font-bold tracking-tight">Busymate</h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          The team dashboard for captured HTTP(S) traffic: a whole fleet&apos;s requests and responses in one database,
          shared by role, live, searchable, and explained by BusyBro.
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
