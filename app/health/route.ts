import { connection } from "next/server";

/** Liveness: answers while the process can serve requests at all. */
export async function GET() {
  await connection();
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
