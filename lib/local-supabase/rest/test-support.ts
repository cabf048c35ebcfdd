import { SignJWT } from "jose";
import type pg from "pg";
import { secretBytes } from "../keys";

/**
 * Test-only helpers for the REST tests: fixture tables for grammar cases the Busymate schema
 * lacks (nullable columns, arrays, ranges, tsvector, several FKs, one-to-one, many-to-many),
 * and user tokens signed the way GoTrue signs them. Row-level security is tested on the
 * real Busymate tables, never on these.
 */
export const FIXTURE_SQL = `
CREATE TABLE public.rest_authors (id int PRIMARY KEY, name text NOT NULL, email text UNIQUE, country text);
CREATE TABLE public.rest_profiles (author_id int PRIMARY KEY REFERENCES public.rest_authors (id), bio text);
CREATE TABLE public.rest_books (
  id int PRIMARY KEY,
  title text NOT NULL,
  author_id int REFERENCES public.rest_authors (id),
  editor_id int REFERENCES public.rest_authors (id),
  pages int,
  price numeric(8, 2),
  tags text[],
  meta jsonb,
  published date,
  summary text,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(summary, ''))) STORED,
  reading_days int4range,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published'))
);
CREATE TABLE public.rest_shelves (id int PRIMARY KEY, label text NOT NULL);
CREATE TABLE public.rest_book_shelves (
  book_id int REFERENCES public.rest_books (id),
  shelf_id int REFERENCES public.rest_shelves (id),
  PRIMARY KEY (book_id, shelf_id)
);
CREATE TABLE public.rest_counters (id serial PRIMARY KEY, label text UNIQUE, hits int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
CREATE VIEW public.rest_book_titles AS SELECT id, title FROM public.rest_books;
CREATE FUNCTION public.rest_word_count(public.rest_books) RETURNS int LANGUAGE sql STABLE AS $$ SELECT array_length(regexp_split_to_array(coalesce($1.summary, ''), '\\s+'), 1) $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.rest_authors, public.rest_profiles, public.rest_books, public.rest_shelves, public.rest_book_shelves, public.rest_counters, public.rest_book_titles TO anon, authenticated, service_role;
GRANT USAGE ON SEQUENCE public.rest_counters_id_seq TO anon, authenticated, service_role;

INSERT INTO public.rest_authors VALUES (1, 'Ada', 'ada@example.com', 'UK'), (2, 'Brian', 'brian@example.com', 'US'), (3, 'Chen', NULL, NULL);
INSERT INTO public.rest_profiles VALUES (1, 'Mathematician'), (2, 'Writer');
INSERT INTO public.rest_books (id, title, author_id, editor_id, pages, price, tags, meta, published, summary, reading_days) VALUES
  (1, 'Analytical Engines', 1, 2, 120, 19.99, '{math,history}', '{"lang": "en", "edition": {"year": 1843}, "ratings": [5, 4]}', '1843-10-01', 'notes on the analytical engine', '[1,5)'),
  (2, 'Bits and Pieces', 2, 1, 300, 35.50, '{computing}', '{"lang": "en", "edition": {"year": 1999}}', '1999-05-20', 'a history of computing machines', '[3,10)'),
  (3, 'Crab Canon', 2, NULL, NULL, NULL, '{}', '{"lang": "de"}', NULL, NULL, NULL),
  (4, 'Data, Structures', 3, 1, 80, 5.00, '{math}', NULL, '2020-01-01', 'the quick brown fox jumps', '[20,30)'),
  (5, 'engines of change', NULL, NULL, 210, 12.00, NULL, '{"lang": "fr"}', '2021-07-14', 'fast engines and slow machines', '[5,8)');
INSERT INTO public.rest_shelves VALUES (1, 'favourites'), (2, 'to read');
INSERT INTO public.rest_book_shelves VALUES (1, 1), (2, 1), (2, 2), (4, 2);
`;

export async function installFixtures(owner: pg.Pool): Promise<void> {
  await owner.query(FIXTURE_SQL);
  await owner.query("NOTIFY pgrst, 'reload schema'");
}

/** Waits until the stand-in's schema cache serves `table` (after a NOTIFY reload). */
export async function waitForTable(url: string, apikey: string, table: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/rest/v1/${table}?limit=0`, { headers: { apikey } });
    await response.arrayBuffer();
    if (response.status !== 404) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The schema cache never picked up ${table}`);
}

/** A user access token as GoTrue issues it (HS256 with the project's secret). */
export async function userToken(
  jwtSecret: string,
  sub: string,
  { role = "authenticated", expiresIn = 3600, extra = {} as Record<string, unknown> } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role, aud: "authenticated", ...extra })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(secretBytes(jwtSecret));
}
