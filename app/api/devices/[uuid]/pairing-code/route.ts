import { z } from "zod";
import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import type { Claims } from "@/lib/db/with-claims";
import { createPairingCode } from "@/lib/devices";
import { withErrors } from "@/lib/errors/http";

/** POST /api/devices/<uuid>/pairing-code: a new one-time code for a device the caller may manage (the previous unused one stops working). */
export const POST = withErrors(async (request: Request, context: RouteContext<"/api/devices/[uuid]/pairing-code">) => {
  const claims = await authenticate(request, { requireWrite: true });
  const uuid = z.uuid().parse((await context.params).uuid);
  const pairing = await createPairingCode(ownerPool(), claims as unknown as Claims, uuid);
  return Response.json(pairing, { status: 201, headers: { "Cache-Control": "no-store" } });
});
