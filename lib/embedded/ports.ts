import net from "node:net";

export class PortBusyError extends Error {}

/** Fails with a message naming the port and the variable that moves it. */
export async function ensurePortFree(host: string, port: number, variable: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
  if (!free) {
    throw new PortBusyError(
      `Port ${port} on ${host} is already in use: stop what uses it, or set ${variable} to a free port.`,
    );
  }
}

/** A port the OS says is free right now (for tests and throwaway servers). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ host, port: 0 }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
