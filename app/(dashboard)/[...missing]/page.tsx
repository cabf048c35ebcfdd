import { notFound } from "next/navigation";

/** Any path no page claims: the 404 below, inside the app shell (the layout checks the session first). */
export default function MissingPage(): never {
  notFound();
}
