import { withErrors } from "@/lib/errors/http";
import { versionInfo } from "@/lib/version";

export const GET = withErrors(async () => Response.json(versionInfo(), { headers: { "Cache-Control": "no-store" } }));
