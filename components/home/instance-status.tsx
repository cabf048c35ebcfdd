import type { Readiness } from "@/lib/health/readiness";
import type { Surface } from "@/lib/instance/surfaces";
import type { VersionInfo } from "@/lib/version";

/** What this instance serves and whether it is ready: the first thing a new user checks. */
export function InstanceStatus({
  readiness,
  surfaces,
  version,
}: {
  readiness: Readiness;
  surfaces: Surface[];
  version: VersionInfo;
}) {
  return (
    <section aria-labelledby="instance-heading" className="space-y-6">
      <div className="flex items-center gap-3">
        <h2 id="instance-heading" className="text-lg font-semibold">
          This instance
        </h2>
        <span
          className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${
            readiness.ready
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
              : "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200"
          }`}
        >
          {readiness.ready ? "Ready" : "Not ready"}
        </span>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {Object.entries(readiness.checks).map(([name, check]) => (
          <div key={name} className="contents">
            <dt className="font-medium capitalize">{name}</dt>
            <dd className={check.ok ? "" : "text-amber-700 dark:text-amber-300"}>{check.detail}</dd>
          </div>
        ))}
        <dt className="font-medium">Version</dt>
        <dd>
          {version.version}{" "}
          <span className="text-zinc-500">
            ({version.commit.slice(0, 12)}, built {version.builtAt})
          </span>
        </dd>
      </dl>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Surfaces of this instance</caption>
        <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Surface
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              URL
            </th>
            <th scope="col" className="py-2 font-medium">
              For
            </th>
          </tr>
        </thead>
        <tbody>
          {surfaces.map((surface) => (
            <tr key={surface.name} className="border-b border-zinc-100 align-top dark:border-zinc-900">
              <td className="py-2 pr-4 font-medium">{surface.name}</td>
              <td className="py-2 pr-4 font-mono text-xs break-all">{surface.url}</td>
              <td className="py-2 text-zinc-600 dark:text-zinc-400">{surface.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
