import { firstPartyToken } from "@/lib/auth/first-party";
import { withErrors } from "@/lib/http/errors";

/** The dashboard's session exchanged for the Busymate access token (lib/auth/first-party.ts). */
export const POST = withErrors(firstPartyToken);
