import { connection } from "next/server";
import { readiness } from "@/lib/health/readiness";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";

export const GET = withErrors(async () => {
  await connection();
  const { ready, checks } = await readiness();
  const headers = { "Cache-Control": "no-store" };
  if (ready) return Response.json({ status: "ready", checks }, { headers });
  const failed = Object.entries(checks).filter(([, check]) => !check.ok);
  return Response.json(
    {
      status: "unavailable",
      checks,
      error: {
        code: "SERVICE_UNAVAILABLE",
        message: failed.map(([name, check]) => `${name}: ${check.detail}`).join("; "),
        remediation: checks.database.ok
          ? "Apply the pending migrations with `npm run db:migrate`."
          : "Check that PostgreSQL is running and DATABASE_URL points at it.",
      },
    },
    { status: 503, headers },
  );
});

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
