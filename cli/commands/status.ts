import type { Command } from "commander";
import { configDir, paths, readDevice, readLogin } from "../config";
import { describeError } from "../errors";
import { printJson, printLines } from "../output";
import { DeviceSession } from "../server/device-session";
import { spoolBacklog } from "../upload/spool";

interface DeviceRow {
  uuid: string;
  name: string;
  kind: string;
  os: string | null;
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("Say which device this machine is, which server it talks to, and whether the server answers")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const dir = configDir();
      const device = await readDevice(dir);
      const login = await readLogin(dir);
      const backlog = await spoolBacklog(paths(dir).spool);
      const person = process.env.BUSYMATE_TOKEN ? "BUSYMATE_TOKEN" : login ? `signed in at ${login.server}` : null;
      if (!device) {
        const status = { paired: false, config_dir: dir, person, spooled_captures: backlog };
        if (options.json) return printJson(status);
        return printLines(`Not paired (config: ${dir}). Run \`busymate pair <code>\` with a code from the dashboard.`);
      }
      let reachable = true;
      let problem: string | undefined;
      let row: DeviceRow | undefined;
      try {
        const session = new DeviceSession(device);
        [row] = await session.rest<DeviceRow[]>(`devices?select=uuid,name,kind,os&uuid=eq.${device.device_uuid}`);
      } catch (error) {
        reachable = false;
        problem = describeError(error);
      }
      const status = {
        paired: true,
        config_dir: dir,
        server: device.server,
        supabase_url: device.supabase_url,
        device_uuid: device.device_uuid,
        device_name: row?.name ?? null,
        device_kind: row?.kind ?? null,
        paired_at: device.paired_at,
        reachable,
        ...(problem ? { problem } : {}),
        person,
        spooled_captures: backlog,
      };
      if (!reachable) process.exitCode = 1;
      if (options.json) return printJson(status);
      printLines(
        `Device: ${row?.name ?? "(unknown)"} ${device.device_uuid}${row ? ` (${row.kind})` : ""}`,
        `Server: ${device.server} — ${reachable ? "reachable" : `not reachable: ${problem}`}`,
        `Paired: ${device.paired_at}`,
        `Person: ${person ?? "not signed in (export needs BUSYMATE_TOKEN or busymate login)"}`,
        `Spooled captures waiting to upload: ${backlog}`,
        `Config: ${dir}`,
      );
    });
}
