import { z } from "zod";
import { ownerPool } from "@/lib/db/pool";
import { serverConfig } from "@/lib/config";
import { issueDeviceToken } from "@/lib/devices";
import { readJson } from "@/lib/routes/read-json";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { clientIpFrom, enforceRateLimit, RATE_LIMITS } from "@/lib/rate-limit";

/**
 * POST /api/devices/token {credential}: a short-lived device token (role `device`) for a live
 * credential — what the device sends to REST and Realtime. A revoked credential gets 401.
 */
export const POST = withErrors(async (request: Request) => {
  const pool = ownerPool();
  await enforceRateLimit(pool, RATE_LIMITS.devicesToken, clientIpFrom(request.headers));
  const { credential } = await readJson(request, z.object({ credential: z.string().min(1).max(200) }));
  const config = serverConfig();
  const token = await issueDeviceToken(pool, credential, config.appUrl, config.tokenKeys);
  return Response.json(token, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
});

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
