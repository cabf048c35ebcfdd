import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { toHarEntry } from "../../lib/capture/har";
import type { TrafficLogEntry } from "../../lib/capture/traffic-log-entry";
import { CliError } from "../errors";
import { spinner } from "../output";
import { HttpError, requestJson } from "../server/http";
import { personAccess } from "../server/person";
import packageJson from "../../package.json" with { type: "json" };

interface ExportOptions {
  har?: boolean;
  output?: string;
  limit: string;
  host?: string;
  device?: string;
  since?: string;
  server?: string;
}

const PAGE = 500;

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(text)) resolve();
    else stream.once("drain", resolve).once("error", reject);
  });
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("Stream captures you may see as a HAR 1.2 file (newest first), with a person's token")
    .requiredOption("--har", "write HAR 1.2 (the only format)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--limit <n>", "at most this many entries", "1000")
    .option("--host <host>", "only this host")
    .option("--device <uuid>", "only this device's captures")
    .option("--since <iso-time>", "only captures from this time on")
    .option("--server <url>", "the Busymate app's URL (default: the paired server)")
    .action(async (options: ExportOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new CliError(`--limit must be a positive whole number, got "${options.limit}".`);
      if (options.since && Number.isNaN(Date.parse(options.since)))
        throw new CliError(`--since must be a date, got "${options.since}".`);
      if (options.device && !/^[0-9a-f-]{36}$/i.test(options.device))
        throw new CliError("--device must be a device uuid.");
      const access = await personAccess(options.server);
      const filters = [
        ...(options.host ? [`host=eq.${encodeURIComponent(options.host.toLowerCase())}`] : []),
        ...(options.device ? [`device_uuid=eq.${options.device}`] : []),
        ...(options.since ? [`ts=gte.${encodeURIComponent(new Date(options.since).toISOString())}`] : []),
      ];
      const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
      const progress = spinner("Exporting…", !options.output);
      let written = 0;
      let before: number | undefined;
      await write(
        out,
        `{"log":{"version":"1.2","creator":{"name":"busymate","version":${JSON.stringify(packageJson.version)}},"entries":[`,
      );
      try {
        while (written < limit) {
          const query = [
            "select=id,payload",
            "order=id.desc",
            `limit=${Math.min(PAGE, limit - written)}`,
            ...filters,
            ...(before ? [`id=lt.${before}`] : []),
          ].join("&");
          let rows: { id: number; payload: TrafficLogEntry }[];
          try {
            rows = await requestJson(`${access.supabaseUrl}/rest/v1/entries?${query}`, {
              headers: { apikey: access.publishableKey, authorization: `Bearer ${access.token}` },
            });
          } catch (error) {
            if (error instanceof HttpError && (error.status === 401 || error.status === 403))
              throw new CliError(`The token was refused (${error.message}): sign in again with \`busymate login\`.`);
            throw error;
          }
          for (const row of rows) {
            await write(out, `${written > 0 ? "," : ""}\n${JSON.stringify(toHarEntry(row.payload))}`);
            written++;
          }
          progress.text = `Exporting… ${written} entries`;
          if (rows.length === 0 || rows.length < Math.min(PAGE, limit - written + rows.length)) break;
          before = Number(rows[rows.length - 1].id);
        }
        await write(out, "\n]}}\n");
      } finally {
        progress.stop();
        if (options.output) await new Promise((resolve) => out.end(resolve));
      }
      if (options.output) process.stderr.write(`Exported ${written} entries to ${options.output}\n`);
    });
}
