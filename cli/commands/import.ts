import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { CAPTURE_SOURCES, type TrafficLogEntry } from "../../lib/capture/traffic-log-entry";
import { configDir, paths, requireDevice } from "../config";
import { CliError } from "../errors";
import { printJson, printLines } from "../output";
import { importId, mendHarEntry } from "../../lib/har/mend";
import { harEntries } from "../../lib/har/stream";
import { DeviceSession } from "../server/device-session";
import { Uploader } from "../upload/uploader";

interface ImportOptions {
  json?: boolean;
  dryRun?: boolean;
  source: TrafficLogEntry["source"];
  wait: string;
}

export interface ImportReport {
  file: string;
  entries: number;
  imported: number;
  uploaded: number;
  spooled: number;
  skipped: { index: number; reason: string }[];
  mended: Record<string, number>;
}

export function registerImport(program: Command): void {
  program
    .command("import")
    .description(
      "Import a HAR file (Chrome, Firefox, Safari, Charles, Proxyman, HTTP Toolkit, mitmproxy) as this device's captures",
    )
    .argument("<file>", "the .har file")
    .option("--source <source>", `capture source recorded on each entry (${CAPTURE_SOURCES.join(", ")})`, "cli")
    .option("--dry-run", "read and check the file, upload nothing")
    .option(
      "--wait <seconds>",
      "how long to wait for the server to take what was read; the rest stays spooled (a re-run never stores an entry twice)",
      "60",
    )
    .option("--json", "machine-readable report")
    .action(async (file: string, options: ImportOptions) => {
      if (!(CAPTURE_SOURCES as readonly string[]).includes(options.source))
        throw new CliError(`--source must be one of ${CAPTURE_SOURCES.join(", ")}.`);
      const waitMs = Number(options.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw new CliError("--wait must be a number of seconds.");
      const size = await stat(file).then(
        (info) => info.size,
        () => {
          throw new CliError(`Cannot read ${file}.`);
        },
      );
      const dir = configDir();
      const session = options.dryRun ? undefined : new DeviceSession(await requireDevice(dir));
      const uploader = session ? new Uploader({ spoolDir: paths(dir).spool, session }) : undefined;
      await uploader?.start();
      const showBar = !options.json && process.stderr.isTTY;
      const bar = new cliProgress.SingleBar(
        {
          format: "{bar} {percentage}% | {value}/{total} MB read | {entries} entries",
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      if (showBar) bar.start(Math.max(1, Math.round(size / 1e5) / 10), 0, { entries: 0 });
      let read = 0;
      const report: ImportReport = { file, entries: 0, imported: 0, uploaded: 0, spooled: 0, skipped: [], mended: {} };
      try {
        for await (const raw of harEntries(file, (bytes) => {
          read += bytes;
          if (showBar) bar.update(Math.round(read / 1e5) / 10, { entries: report.entries });
        })) {
          report.entries++;
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw.text);
          } catch (error) {
            report.skipped.push({ index: raw.index, reason: `not valid JSON (${(error as Error).message})` });
            continue;
          }
          const result = mendHarEntry(parsed, { id: importId(raw.index, raw.text), source: options.source });
          if ("skipped" in result) {
            report.skipped.push({ index: raw.index, reason: result.skipped });
            continue;
          }
          for (const reason of result.mended) report.mended[reason] = (report.mended[reason] ?? 0) + 1;
          report.imported++;
          uploader?.add(result.entry);
        }
      } finally {
        if (showBar) bar.stop();
      }
      if (uploader) {
        const sent = uploader.stats.uploaded;
        const done = await uploader.drain(waitMs);
        report.uploaded = uploader.stats.uploaded - sent;
        report.spooled = uploader.stats.pending;
        await uploader.stop();
        if (!done && options.json) process.exitCode = 1;
        if (!done && !options.json)
          throw new CliError(
            `${report.imported} entries read; the server did not take them all (${uploader.stats.lastError ?? "no answer"}): ${report.spooled} stay spooled and go up with the next capture or import.`,
          );
      }
      if (options.json) return printJson(report);
      printLines(
        `${options.dryRun ? "Checked" : "Imported"} ${report.imported} of ${report.entries} entries from ${file}` +
          (report.skipped.length ? `; ${report.skipped.length} skipped:` : "."),
        ...report.skipped.map((skip) => `  entry #${skip.index}: ${skip.reason}`),
        ...Object.entries(report.mended).map(([reason, count]) => `  mended ${count}×: ${reason}`),
      );
    });
}
