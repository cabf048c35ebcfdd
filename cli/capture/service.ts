import { readFileSync } from "node:fs";
import { EventEmitter } from "node:events";
import { trafficLogEntrySchema } from "../../lib/capture/traffic-log-entry";
import { paths, type DeviceFile } from "../config";
import { describeError } from "../errors";
import { BreakpointHolder, BreakpointRules } from "../proxy/breakpoints";
import type { CertificateAuthority } from "../proxy/ca";
import { DomainMatcher } from "../proxy/domains";
import { entryFromExchange } from "../proxy/entry";
import { startProxy, type Exchange, type RunningProxy } from "../proxy/proxy";
import { DeviceSession } from "../server/device-session";
import { DeviceChannels } from "../server/realtime";
import { fetchSettings, type EffectiveSettings } from "../server/settings";
import { startHeartbeats } from "../upload/heartbeat";
import { Uploader } from "../upload/uploader";
import { cacheSettings, readCachedSettings } from "./settings-cache";

export interface CaptureOptions {
  device: DeviceFile;
  ca: CertificateAuthority;
  configDir: string;
  host: string;
  port: number;
  /** PEM files the proxy trusts upstream, beside the system store. */
  upstreamCaFiles: string[];
}

/** Exchanges (and their body bytes) waiting for capture work; beyond either the proxy keeps forwarding and counts what it could not keep. */
const MAX_WAITING_EXCHANGES = 10_000;
const MAX_WAITING_BYTES = 32 * 1024 * 1024;
/** Service groups' domain lists change without a broadcast, so settings are also re-read this often. */
const SETTINGS_POLL_MS = 60_000;
/** mockttp buffers bodies for the capture up to this; the effective body limit cuts them further. */
const MAX_BUFFERED_BODY = 16 * 1024 * 1024;

export interface CaptureStats {
  captured: number;
  uploaded: number;
  pending: number;
  rejected: number;
  invalid: number;
  dropped: number;
  tunnelled: number;
  tlsErrors: number;
  lastError?: string;
}

/**
 * `busymate capture` without its printing: the proxy, the capture pipeline (exchange →
 * TrafficLogEntry, validated → spool → upload), live settings and heartbeats. Capture work
 * runs after the exchange has been forwarded, in setImmediate turns, never on the path a
 * request takes through the proxy.
 */
export class CaptureService extends EventEmitter {
  readonly session: DeviceSession;
  readonly uploader: Uploader;
  private readonly decrypt = new DomainMatcher();
  private readonly rules = new BreakpointRules();
  private readonly holder: BreakpointHolder;
  private settings!: EffectiveSettings;
  private proxy?: RunningProxy;
  private channels?: DeviceChannels;
  private stopHeartbeats?: () => void;
  private poll?: NodeJS.Timeout;
  private waiting: Exchange[] = [];
  private waitingBytes = 0;
  private working = false;
  private counters = { invalid: 0, dropped: 0, tunnelled: 0, tlsErrors: 0 };

  constructor(private readonly options: CaptureOptions) {
    super();
    this.session = new DeviceSession(options.device);
    this.uploader = new Uploader({ spoolDir: paths(options.configDir).spool, session: this.session });
    this.uploader.on("problem", (message: string) => this.emit("problem", message));
    this.uploader.on("offline", (message: string) => this.emit("offline", message));
    this.holder = new BreakpointHolder(
      this.session,
      () => this.settings,
      (line) => this.emit("breakpoint", line),
    );
  }

  get proxyUrl(): string {
    return this.proxy!.url;
  }

  get currentSettings(): EffectiveSettings {
    return this.settings;
  }

  stats(): CaptureStats {
    return { ...this.uploader.stats, ...this.counters };
  }

  async start(): Promise<void> {
    this.apply(await readCachedSettings(this.options.configDir));
    await this.refreshSettings();
    await this.uploader.start();
    this.proxy = await startProxy({
      host: this.options.host,
      port: this.options.port,
      ca: this.options.ca,
      decrypt: this.decrypt,
      upstreamCAs: this.options.upstreamCaFiles.map((file) => readFileSync(file, "utf8")),
      maxBodySize: MAX_BUFFERED_BODY,
      breakpoints: this.rules,
      holder: this.holder,
      onExchange: (exchange) => this.take(exchange),
      onTunnel: () => void this.counters.tunnelled++,
      onTlsError: (host, cause) => {
        this.counters.tlsErrors++;
        this.emit("tls-error", host, cause);
      },
    });
    this.channels = new DeviceChannels(this.session, {
      settingsChanged: () => void this.refreshSettings(),
      joined: () => void this.refreshSettings(),
      breakpointResumed: (id, resolution) => this.holder.resumed(id, resolution),
      problem: (message) => this.emit("problem", message),
    });
    await this.channels.start().catch((error) => this.emit("problem", `live settings: ${describeError(error)}`));
    this.stopHeartbeats = startHeartbeats(this.session, (message) => this.emit("offline", message));
    this.poll = setInterval(() => void this.refreshSettings(), SETTINGS_POLL_MS);
    this.poll.unref();
  }

  private apply(settings: EffectiveSettings): void {
    const before = this.settings;
    this.settings = settings;
    this.decrypt.set(settings.ssl_proxy_domains);
    this.rules.set(settings.breakpoints);
    if (before && this.proxy && JSON.stringify(before.breakpoints) !== JSON.stringify(settings.breakpoints))
      void this.proxy.refreshRules();
  }

  private refreshing?: Promise<boolean>;
  private refreshAgain = false;

  /**
   * Re-reads the effective settings; on failure the ones in force stay. One read at a time: a
   * change announced during a read is read again after it, so an older answer can never land
   * after a newer one.
   */
  refreshSettings(): Promise<boolean> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      let ok: boolean;
      do {
        this.refreshAgain = false;
        ok = await this.readSettings();
      } while (this.refreshAgain);
      return ok;
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readSettings(): Promise<boolean> {
    try {
      const settings = await fetchSettings(this.session);
      const changed = JSON.stringify(settings) !== JSON.stringify(this.settings);
      this.apply(settings);
      if (changed) {
        await cacheSettings(this.options.configDir, settings);
        this.emit("settings", settings);
      }
      return true;
    } catch (error) {
      this.emit("offline", `settings: ${describeError(error)}`);
      return false;
    }
  }

  private take(exchange: Exchange): void {
    const bytes = exchange.request.body.buffer.length + (exchange.response?.body.buffer.length ?? 0);
    if (this.waiting.length >= MAX_WAITING_EXCHANGES || this.waitingBytes + bytes > MAX_WAITING_BYTES) {
      this.counters.dropped++;
      return;
    }
    this.waitingBytes += bytes;
    this.waiting.push(exchange);
    if (!this.working) {
      this.working = true;
      setImmediate(() => void this.work());
    }
  }

  private async work(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      this.waitingBytes = 0;
      for (const exchange of batch) {
        try {
          const entry = await entryFromExchange(exchange.request, exchange.response, {
            bodyLimit: this.settings.body_limit_bytes,
            edits: exchange.edits,
            failure: exchange.failure,
          });
          const checked = trafficLogEntrySchema.safeParse(entry);
          if (checked.success) this.uploader.add(checked.data);
          else {
            this.counters.invalid++;
            this.emit(
              "problem",
              `a capture of ${entry.request.url} failed validation: ${checked.error.issues[0]?.message}`,
            );
          }
        } catch (error) {
          this.counters.invalid++;
          this.emit("problem", `capture failed: ${describeError(error)}`);
        }
      }
      // Yield to the proxy between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.working = false;
  }

  /** Waits until every exchange seen so far is captured and spooled, then (up to `timeoutMs`) uploaded. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.working || this.waiting.length > 0 || (this.proxy?.inFlight() ?? 0) > 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return this.uploader.drain(Math.max(0, deadline - Date.now()));
  }

  async stop(drainMs = 5_000): Promise<CaptureStats> {
    clearInterval(this.poll);
    this.stopHeartbeats?.();
    await this.proxy?.stop();
    await this.channels?.stop().catch(() => undefined);
    await this.flush(drainMs);
    await this.uploader.stop();
    return this.stats();
  }
}
