import { configuredModel } from "@/lib/busybro/model";
import { serverConfig } from "@/lib/config";
import { ownerPool } from "@/lib/db/pool";
import { telegramDeployment } from "@/lib/telegram/deployment";
import { createTelegramWebhook } from "@/lib/telegram/webhook";

let handler: ReturnType<typeof createTelegramWebhook> | undefined;
const webhook = (request: Request) => {
  handler ??= createTelegramWebhook({
    pool: ownerPool(),
    deployment: telegramDeployment,
    modelFor: configuredModel(serverConfig()),
  });
  return handler(request);
};

/** POST /api/telegram/webhook: updates from Telegram, verified by the secret-token header. */
export { webhook as POST, webhook as GET, webhook as PUT, webhook as PATCH, webhook as DELETE };

// A BusyBro answer runs inside the request for as long as the model and its tools take.
export const dynamic = "force-dynamic";
