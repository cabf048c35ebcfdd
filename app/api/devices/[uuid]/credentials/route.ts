import { methodNotAllowed } from "@/lib/errors/http";
import { revokeDeviceCredentials } from "@/lib/operations/devices/pairing";
import { operationRoute } from "@/lib/routes/operation-route";

type Context = RouteContext<"/api/devices/[uuid]/credentials">;

/** DELETE /api/devices/<uuid>/credentials: the revoke_device_credentials operation; the device's next token request fails. */
export const DELETE = operationRoute<Context>(revokeDeviceCredentials, {
  body: false,
  input: async (_request, context) => ({ device_uuid: (await context.params).uuid }),
});

const onlyDelete = () => methodNotAllowed(["DELETE"]);
export { onlyDelete as GET, onlyDelete as POST, onlyDelete as PUT, onlyDelete as PATCH };
