import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import type { DeviceSession } from "./device-session";

export interface DeviceEvents {
  /** The device's own or the global settings changed: re-read the effective settings. */
  settingsChanged(): void;
  /** A held breakpoint was resumed (by a person, or by this device's timeout). */
  breakpointResumed(eventId: string, resolution: unknown): void;
  /** (Re)joined: anything sent while away was missed, so state should be re-read. */
  joined(): void;
  problem(message: string): void;
}

/**
 * The device's Realtime channels: `device:<uuid>` (settings_changed, breakpoint_resumed) and
 * `settings` (global changes), private, joined with the device token. realtime-js rejoins
 * after a lost socket on its own; each join reports `joined` so the caller catches up.
 */
export class DeviceChannels {
  private readonly client: SupabaseClient;
  private readonly channels: RealtimeChannel[] = [];
  private stopping = false;

  constructor(
    private readonly session: DeviceSession,
    private readonly events: DeviceEvents,
  ) {
    this.client = createClient(session.device.supabase_url, session.device.publishable_key, {
      accessToken: () => session.accessToken(),
      realtime: { heartbeatIntervalMs: 15_000 },
    });
  }

  async start(): Promise<void> {
    await this.client.realtime.setAuth().catch(() => undefined);
    const device = this.client
      .channel(`device:${this.session.uuid}`, { config: { private: true } })
      .on("broadcast", { event: "settings_changed" }, () => this.events.settingsChanged())
      .on("broadcast", { event: "breakpoint_resumed" }, (message) => {
        const payload = message.payload as { event_id?: string; resolution?: unknown };
        if (payload?.event_id) this.events.breakpointResumed(payload.event_id, payload.resolution);
      });
    const global = this.client
      .channel("settings", { config: { private: true } })
      .on("broadcast", { event: "settings_changed" }, () => this.events.settingsChanged());
    for (const channel of [device, global]) {
      this.channels.push(channel);
      channel.subscribe((status, error) => {
        if (status === "SUBSCRIBED") this.events.joined();
        else if (status === "CHANNEL_ERROR" && !this.stopping)
          this.events.problem(`live settings channel ${channel.topic}: ${error?.message ?? "error"}`);
      });
    }
  }

  /** Closes the socket: leaving each channel first would wait for replies nobody needs. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.client.realtime.disconnect();
  }
}
