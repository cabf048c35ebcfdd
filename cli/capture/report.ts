import ora, { type Ora } from "ora";
import type { CaptureService, CaptureStats } from "./service";

const summary = (stats: CaptureStats) =>
  `${stats.captured} captured, ${stats.uploaded} uploaded, ${stats.pending} waiting` +
  (stats.tunnelled ? `, ${stats.tunnelled} tunnelled` : "") +
  (stats.rejected ? `, ${stats.rejected} refused` : "") +
  (stats.dropped ? `, ${stats.dropped} not kept` : "");

/**
 * What a running capture tells the person: a live spinner line on a terminal, plain lines
 * otherwise, or one JSON object per line with --json (events a script can follow).
 */
export function reportCapture(service: CaptureService, json: boolean): () => void {
  const emit = (event: string, data: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...data })}\n`);
  let spinner: Ora | undefined;
  let lastOffline = "";
  const line = (text: string) => {
    if (spinner) spinner.clear();
    process.stderr.write(`${text}\n`);
    spinner?.render();
  };
  if (json) {
    service.on("problem", (message: string) => emit("problem", { message }));
    service.on("offline", (message: string) => emit("offline", { message }));
    service.on("breakpoint", (message: string) => emit("breakpoint", { message }));
    service.on("settings", (settings) =>
      emit("settings", {
        ssl_proxy_domains: settings.ssl_proxy_domains,
        breakpoints: settings.breakpoints.map((rule: { pattern: string }) => rule.pattern),
        breakpoint_timeout_s: settings.breakpoint_timeout_s,
      }),
    );
    service.on("tls-error", (host: string | undefined, cause: string) => emit("tls-error", { host, cause }));
    const timer = setInterval(() => emit("stats", { ...service.stats() }), 5_000);
    timer.unref();
    return () => clearInterval(timer);
  }
  if (process.stderr.isTTY) spinner = ora({ text: summary(service.stats()), stream: process.stderr }).start();
  service.on("problem", (message: string) => line(`! ${message}`));
  service.on("offline", (message: string) => {
    // A down server repeats itself on every retry: say it once until it changes.
    if (message !== lastOffline) line(`… ${message} (captures are kept and sent when it answers)`);
    lastOffline = message;
  });
  service.uploader.on("uploaded", () => (lastOffline = ""));
  service.on("breakpoint", (message: string) => line(`‖ ${message}`));
  service.on("settings", (settings) =>
    line(
      `settings: decrypting ${settings.ssl_proxy_domains.join(", ") || "no hosts"}; ${settings.breakpoints.length} breakpoints`,
    ),
  );
  service.on("tls-error", (host: string | undefined, cause: string) =>
    line(`! TLS with ${host ?? "a client"} failed (${cause}): does the client trust the CA? See \`busymate ca\`.`),
  );
  const timer = setInterval(() => {
    if (spinner) spinner.text = summary(service.stats());
  }, 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    spinner?.stop();
    process.stderr.write(`${summary(service.stats())}\n`);
  };
}
