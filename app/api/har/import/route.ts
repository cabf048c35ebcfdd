import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import { withClaims } from "@/lib/db/with-claims";
import { invalid } from "@/lib/errors";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { CAPTURE_SOURCES } from "@/lib/capture/traffic-log-entry";
import { importHar, isCaptureSource } from "@/lib/har/import";
import { callerFromToken } from "@/lib/operations/caller";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * POST /api/har/import?device=<uuid>&source=<source>: the body is a .har file, read as it
 * arrives. Answers the import report (entries read, imported, stored, skipped with reasons);
 * a body that is not a HAR is a 400 naming the problem, with nothing written.
 */
export const POST = withErrors(async (request: Request) => {
  const token = await authenticate(request, { requireWrite: true });
  const params = new URL(request.url).searchParams;
  const device = params.get("device") ?? "";
  if (!UUID.test(device)) throw invalid("device", "give the device's uuid (?device=…)");
  const source = params.get("source") ?? "proxy";
  if (!isCaptureSource(source)) throw invalid("source", `one of ${CAPTURE_SOURCES.join(", ")}`);
  if (!request.body) throw invalid("file", "the body is empty: send the .har file as the request body");
  const body = request.body;
  const report = await withClaims(ownerPool(), callerFromToken(token).claims, (client) =>
    importHar(client, { device: device.toLowerCase(), source, body }),
  );
  return Response.json(report, { headers: { "Cache-Control": "no-store" } });
});

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
