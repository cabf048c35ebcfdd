import type { Command } from "commander";
import { configDir, requireDevice } from "../config";
import { lifetime } from "../lifetime";
import { printLines } from "../output";
import { ensureCa } from "../proxy/ca";
import { addProxyOptions, upstreamCaFiles } from "../capture/options";
import { reportCapture } from "../capture/report";
import { CaptureService } from "../capture/service";

export interface ProxyCommandOptions {
  port: number;
  host: string;
  upstreamCa?: string[];
  json?: boolean;
}

export async function startCapture(options: ProxyCommandOptions): Promise<CaptureService> {
  const dir = configDir();
  const device = await requireDevice(dir);
  const ca = await ensureCa(dir);
  const service = new CaptureService({
    device,
    ca,
    configDir: dir,
    host: options.host,
    port: options.port,
    upstreamCaFiles: upstreamCaFiles(options.upstreamCa),
  });
  await service.start();
  return service;
}

/** Stops on SIGINT/SIGTERM: the proxy closes, captures are flushed (what cannot be sent stays spooled). */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      void stop().then(() => process.exit(0));
    });
}

export function registerCapture(program: Command): void {
  addProxyOptions(
    program
      .command("capture")
      .description(
        "Run the intercepting proxy: every exchange becomes a capture in Busymate; HTTPS is decrypted only for the SSL-proxy domains of your settings and tunnelled otherwise",
      ),
    8080,
  )
    .option("--json", "one JSON object per line: listening, stats, settings, problems")
    .action(async (options: ProxyCommandOptions) => {
      lifetime.keepRunning = true;
      const service = await startCapture(options);
      const endReport = reportCapture(service, Boolean(options.json));
      const settings = service.currentSettings;
      if (options.json)
        process.stdout.write(
          `${JSON.stringify({ event: "listening", proxy: service.proxyUrl, ca: (await ensureCa()).certPath, device_uuid: service.session.uuid, ssl_proxy_domains: settings.ssl_proxy_domains })}\n`,
        );
      else
        printLines(
          `Proxy on ${service.proxyUrl} — capturing as device ${service.session.uuid}`,
          `Decrypting: ${settings.ssl_proxy_domains.join(", ") || "no hosts yet (add service groups to this device's settings)"}`,
          `Try: curl -x ${service.proxyUrl} --cacert "$(busymate ca --path)" https://<a decrypted host>/`,
          "Or capture one program: busymate run -- <command>. Ctrl-C stops.",
        );
      stopOnSignal(async () => {
        const stats = await service.stop();
        endReport();
        if (stats.pending > 0)
          process.stderr.write(`${stats.pending} captures stay spooled and go up with the next capture.\n`);
      });
    });
}
