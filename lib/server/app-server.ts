import http from "node:http";
import type { Socket } from "node:net";
import next from "next";
import { mountIdentity } from "@/lib/oauth/mount";

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The Next.js app behind a plain Node HTTP server. It is a custom server (rather than
 * `next start`) so that non-Next handlers, such as the OAuth authorization server, can
 * share the app's origin.
 */
export async function startAppServer(options: {
  dir: string;
  dev: boolean;
  host: string;
  port: number;
}): Promise<AppServer> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The OAuth authorization server answers its own paths before Next (lib/oauth).
  const identity = mountIdentity();

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (identity.handle(req, res)) return;
    void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    url: `http://${options.host}:${options.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Streams (SSE, long polls) never go idle; give them a moment, then cut them.
      const cut = setTimeout(() => sockets.forEach((socket) => socket.destroy()), 2000);
      await closed;
      clearTimeout(cut);
      await app.close();
      await identity.close();
    },
  };
}
