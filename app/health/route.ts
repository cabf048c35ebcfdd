import { connection } from "next/server";
import { methodNotAllowed } from "@/lib/errors/http";

/** Liveness: answers while the process can serve requests at all. */
export async function GET() {
  await connection();
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
