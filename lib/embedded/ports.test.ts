import net from "node:net";
import { describe, expect, it } from "vitest";
import { ensurePortFree, freePort, PortBusyError } from "@/lib/embedded/ports";

describe("port check", () => {
  it("passes on a free port", async () => {
    await expect(ensurePortFree("127.0.0.1", await freePort(), "PORT")).resolves.toBeUndefined();
  });

  it("names the busy port and the variable that moves it", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const check = ensurePortFree("127.0.0.1", port, "DB_PORT");
      await expect(check).rejects.toThrow(PortBusyError);
      await expect(ensurePortFree("127.0.0.1", port, "DB_PORT")).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use: stop what uses it, or set DB_PORT to a free port.`,
      );
    } finally {
      server.close();
    }
  });
});
