import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { versionInfo } from "@/lib/version";

export const GET = withErrors(async () => Response.json(versionInfo(), { headers: { "Cache-Control": "no-store" } }));

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
