"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";

const versionSchema = z.object({ version: z.string(), commit: z.string(), builtAt: z.string() });

/** The running release, read from /api/version like any client would. */
export function VersionFooter() {
  const version = useQuery({
    queryKey: ["version"],
    queryFn: async () => versionSchema.parse(await (await fetch("/api/version")).json()),
    staleTime: Infinity,
  });
  return (
    <footer
      className="border-t border-zinc-200 px-4 py-1.5 text-xs text-zinc-500 dark:border-zinc-800"
      data-testid="version-footer"
    >
      Busymate{" "}
      {version.data
        ? `${version.data.version} (${version.data.commit.slice(0, 12)})`
        : version.isError
          ? "— version unavailable"
          : ""}
    </footer>
  );
}
