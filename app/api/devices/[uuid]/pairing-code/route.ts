import { methodNotAllowed } from "@/lib/errors/http";
import { createPairingCode } from "@/lib/operations/devices/pairing";
import { operationRoute } from "@/lib/routes/operation-route";

type Context = RouteContext<"/api/devices/[uuid]/pairing-code">;

/** POST /api/devices/<uuid>/pairing-code: the create_pairing_code operation for the device in the path. */
export const POST = operationRoute<Context>(createPairingCode, {
  status: 201,
  body: false,
  input: async (_request, context) => ({ device_uuid: (await context.params).uuid }),
});

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
