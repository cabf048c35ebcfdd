import { methodNotAllowed } from "@/lib/errors/http";
import { addDevice } from "@/lib/operations/devices/pairing";
import { operationRoute } from "@/lib/routes/operation-route";

/**
 * POST /api/devices {name, kind?, os?} with a person's read-write token: the add_device
 * operation (a device they own and its first one-time pairing code, 10 minutes, single use).
 */
export const POST = operationRoute(addDevice, { status: 201 });

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
