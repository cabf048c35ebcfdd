import { z } from "zod";
import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import type { Claims } from "@/lib/db/with-claims";
import { revokeDeviceCredentials } from "@/lib/devices";
import { withErrors } from "@/lib/errors/http";

/** DELETE /api/devices/<uuid>/credentials: revokes the device's credentials; its next token request fails. */
export const DELETE = withErrors(async (request: Request, context: RouteContext<"/api/devices/[uuid]/credentials">) => {
  const claims = await authenticate(request, { requireWrite: true });
  const uuid = z.uuid().parse((await context.params).uuid);
  const revoked = await revokeDeviceCredentials(ownerPool(), claims as unknown as Claims, uuid);
  return Response.json({ device_uuid: uuid, revoked });
});
