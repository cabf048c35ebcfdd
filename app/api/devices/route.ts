import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import type { Claims } from "@/lib/db/with-claims";
import { addDevice, newDeviceSchema } from "@/lib/devices";
import { readJson } from "@/lib/devices/request";
import { withErrors } from "@/lib/errors/http";

/**
 * POST /api/devices {name, kind?, os?} with a person's read-write token: adds a device they
 * own and returns its first one-time pairing code (10 minutes, single use).
 */
export const POST = withErrors(async (request: Request) => {
  const claims = await authenticate(request, { requireWrite: true });
  const input = await readJson(request, newDeviceSchema);
  const added = await addDevice(ownerPool(), claims as unknown as Claims, input);
  return Response.json(added, { status: 201, headers: { "Cache-Control": "no-store" } });
});
