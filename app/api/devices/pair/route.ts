import { z } from "zod";
import { ownerPool } from "@/lib/db/pool";
import { serverConfig } from "@/lib/config";
import { redeemPairingCode } from "@/lib/devices";
import { readJson } from "@/lib/routes/read-json";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { clientIpFrom, enforceRateLimit, RATE_LIMITS } from "@/lib/rate-limit";

/**
 * POST /api/devices/pair {code}: the device redeems its one-time pairing code for its
 * credential (shown once; store it safely), which buys device tokens at /api/devices/token.
 */
export const POST = withErrors(async (request: Request) => {
  const pool = ownerPool();
  await enforceRateLimit(pool, RATE_LIMITS.devicesPair, clientIpFrom(request.headers));
  const { code } = await readJson(request, z.object({ code: z.string().min(1).max(64) }));
  const paired = await redeemPairingCode(pool, code);
  return Response.json(
    { ...paired, token_endpoint: `${serverConfig().appUrl}/api/devices/token` },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
});

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
