import type { BreakpointRule, EffectiveSettings } from "../server/settings";
import type { DeviceSession } from "../server/device-session";
import { HttpError } from "../server/http";

/**
 * Breakpoints: a rule from the effective settings (`pattern`, `phase`, `methods`) holds a
 * matching exchange. The device writes a `breakpoint_events` row with what it holds, waits
 * for `resume_breakpoint` (broadcast on device:<uuid>, and looked up every few seconds in
 * case a broadcast was missed), and applies the resolution. Nobody resuming within
 * `breakpoint_timeout_s` ends the hold by `breakpoint_timeout_action`, recorded through
 * `expire_breakpoint` (0016) so the history says it timed out.
 */

export type Phase = "request" | "response";

export interface Resolution {
  action: "continue" | "abort" | "modify";
  timed_out?: boolean;
  request?: { method?: string; url?: string; headers?: { name: string; value: string }[]; body?: string };
  response?: { status?: number; headers?: { name: string; value: string }[]; body?: string };
}

/**
 * A pattern is a URL without its scheme, `*` standing for any characters:
 * `api.example.com/v1/login*`, `*.stripe.com/v1/payment_intents*`. It is tried against the
 * host and path, with and without the port and the query, so it reads as people write it.
 */
export function patternMatcher(pattern: string): (url: string) => boolean {
  const source = pattern.trim().replace(/^[a-z]+:\/\//i, "");
  const regexp = new RegExp(
    `^${source
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const hosts = parsed.port ? [parsed.host, parsed.hostname] : [parsed.host];
    return hosts.some(
      (host) => regexp.test(`${host}${parsed.pathname}`) || regexp.test(`${host}${parsed.pathname}${parsed.search}`),
    );
  };
}

interface CompiledRule {
  rule: BreakpointRule;
  test: (url: string) => boolean;
  methods?: Set<string>;
}

export class BreakpointRules {
  private rules: CompiledRule[] = [];

  set(rules: readonly BreakpointRule[]): void {
    this.rules = rules.map((rule) => ({
      rule,
      test: patternMatcher(rule.pattern),
      methods: rule.methods?.length ? new Set(rule.methods.map((m) => m.toUpperCase())) : undefined,
    }));
  }

  get size(): number {
    return this.rules.length;
  }

  match(method: string, url: string, phase: Phase): BreakpointRule | undefined {
    for (const { rule, test, methods } of this.rules) {
      if (rule.phase !== phase && rule.phase !== "both") continue;
      if (methods && !methods.has(method.toUpperCase())) continue;
      if (test(url)) return rule;
    }
    return undefined;
  }

  matchesAny(method: string, url: string): boolean {
    return this.match(method, url, "request") !== undefined || this.match(method, url, "response") !== undefined;
  }
}

const POLL_MS = 3_000;

export class BreakpointHolder {
  private readonly waiting = new Map<string, (resolution: Resolution) => void>();

  constructor(
    private readonly session: DeviceSession,
    private readonly settings: () => EffectiveSettings,
    private readonly onEvent: (line: string) => void = () => undefined,
  ) {}

  /** Called with every `breakpoint_resumed` broadcast on device:<uuid>. */
  resumed(eventId: string, resolution: unknown): void {
    this.waiting.get(eventId)?.(resolution as Resolution);
  }

  get held(): number {
    return this.waiting.size;
  }

  async hold(rule: BreakpointRule, phase: Phase, held: object): Promise<Resolution> {
    const [event] = await this.session.rest<{ id: string }[]>("breakpoint_events?select=id", {
      method: "POST",
      headers: { prefer: "return=representation" },
      body: JSON.stringify({ device_uuid: this.session.uuid, pattern: rule.pattern, phase, held }),
    });
    const { breakpoint_timeout_s: timeoutS, breakpoint_timeout_action: timeoutAction } = this.settings();
    this.onEvent(`holding ${phase} at breakpoint "${rule.pattern}" (event ${event.id}, up to ${timeoutS} s)`);
    const resolution = await new Promise<Resolution>((resolve) => {
      let done = false;
      const finish = (value: Resolution) => {
        if (done) return;
        done = true;
        clearTimeout(timeout);
        clearInterval(poll);
        this.waiting.delete(event.id);
        resolve(value);
      };
      this.waiting.set(event.id, finish);
      const poll = setInterval(() => void this.lookUp(event.id).then((found) => found && finish(found)), POLL_MS);
      const timeout = setTimeout(
        () =>
          void this.expire(event.id, timeoutAction).then(finish, () =>
            finish({ action: timeoutAction, timed_out: true }),
          ),
        timeoutS * 1000,
      );
    });
    this.onEvent(`breakpoint event ${event.id}: ${resolution.action}${resolution.timed_out ? " (timed out)" : ""}`);
    return resolution;
  }

  private async lookUp(eventId: string): Promise<Resolution | undefined> {
    try {
      const [row] = await this.session.rest<{ resolution: Resolution | null }[]>(
        `breakpoint_events?select=resolution&id=eq.${eventId}`,
      );
      return row?.resolution ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** The hold ran out: record it; if a person resumed it meanwhile, theirs is applied. */
  private async expire(eventId: string, action: "continue" | "abort"): Promise<Resolution> {
    try {
      const row = await this.session.rpc<{ resolution: Resolution }>("expire_breakpoint", {
        event_id: eventId,
        action,
      });
      return row.resolution;
    } catch (error) {
      if (error instanceof HttpError) {
        const found = await this.lookUp(eventId);
        if (found) return found;
      }
      throw error;
    }
  }

  /** Releases every hold as its timeout action would (the CLI is stopping). */
  releaseAll(): void {
    for (const finish of this.waiting.values())
      finish({ action: this.settings().breakpoint_timeout_action, timed_out: true });
  }
}
