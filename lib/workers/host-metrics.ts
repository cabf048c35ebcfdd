import os from "node:os";

export interface HostMetrics {
  /** Busy fraction of all cores, 0..1, since the previous sample. */
  cpu: number;
  load: [number, number, number];
  mem: { usedMb: number; totalMb: number };
  uptime: number;
}

type CpuTimes = { busy: number; total: number };

function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Samples the host. CPU is measured between calls (kernel counters); the first call, with
 * nothing to compare against, falls back to the 1-minute load per core.
 */
export function createHostSampler(): () => HostMetrics {
  let previous: CpuTimes | undefined;
  return () => {
    const now = cpuTimes();
    const [one, five, fifteen] = os.loadavg();
    const cores = Math.max(1, os.cpus().length);
    const cpu =
      previous && now.total > previous.total ? (now.busy - previous.busy) / (now.total - previous.total) : one / cores;
    previous = now;
    const totalMb = os.totalmem() / 1_048_576;
    return {
      cpu: round(Math.min(1, Math.max(0, cpu)), 2),
      load: [round(one, 2), round(five, 2), round(fifteen, 2)],
      mem: { usedMb: Math.round(totalMb - os.freemem() / 1_048_576), totalMb: Math.round(totalMb) },
      uptime: Math.round(os.uptime()),
    };
  };
}
