import { withErrors } from "@/lib/http/errors";
import { versionInfo } from "@/lib/version";

export const GET = withErrors(async () => Response.json(versionInfo(), { headers: { "Cache-Control": "no-store" } }));
