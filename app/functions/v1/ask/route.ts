import { configuredModel } from "@/lib/busybro/model";
import { createAskHandler } from "@/lib/busybro/handler";
import { serverConfig } from "@/lib/config";
import { ownerPool } from "@/lib/db/pool";

let handler: ReturnType<typeof createAskHandler> | undefined;
const ask = (request: Request) => {
  const config = serverConfig();
  handler ??= createAskHandler({
    pool: ownerPool(),
    modelFor: configuredModel(config),
    searchUrl: config.BUSYBRO_SEARCH_URL,
  });
  return handler(request);
};

/** POST /functions/v1/ask: BusyBro (seed 003), with the one token. */
export { ask as POST, ask as GET, ask as PUT, ask as PATCH, ask as DELETE };

// An answer streams for as long as the model and its tools take.
export const dynamic = "force-dynamic";
