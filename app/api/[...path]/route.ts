import { errorResponse } from "@/lib/errors/http";

/** Unknown API paths answer in the API's error shape rather than with the HTML 404 page. */
function notFound(request: Request) {
  return errorResponse(
    "NOT_FOUND",
    `No API route at ${new URL(request.url).pathname}.`,
    "See /llms.txt for the routes this instance serves.",
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
