-- Rare search terms whose trigrams are common were slow: for "/v1/products/4242" the trigram
-- index intersects the huge posting lists of "pro", "rod", "uct"… in every partition (~15 ms
-- each, 64 ms p95 on 1M captures) although only "4242" is selective. Now only the term's most
-- selective fragment goes to the index, and the whole term is checked on the few rows it
-- returns (3-8 ms). The whole-term check is written on `url || ''` so the planner cannot
-- fold it back into the index condition.

-- The fragment: the term's alphanumeric token (≥ 3 characters) most likely to be rare. Tokens
-- with digits (ids, versions, hashes) are preferred, then longer ones, then later ones (paths
-- get more specific towards the end); URL boilerplate never qualifies. Always a substring of
-- the term, so every row matching the term matches the fragment. NULL when no token qualifies.
CREATE FUNCTION busymate_private.search_fragment(search_q text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT t.token
  FROM regexp_split_to_table(lower(btrim(search_q)), '[^[:alnum:]]+') WITH ORDINALITY AS t(token, ord)
  WHERE length(t.token) >= 3
    AND t.token NOT IN ('http', 'https', 'www', 'com', 'net', 'org', 'api', 'json', 'html')
  ORDER BY length(t.token) + CASE WHEN t.token ~ '[0-9]' THEN 8 ELSE 0 END DESC, t.ord DESC
  LIMIT 1
$$;
--> statement-breakpoint
-- How many captures the planner expects a LIKE pattern to match (all devices), from the
-- column statistics. Costs one planning (~3 ms on 1M rows), far less than a wrong strategy.
-- VOLATILE only because PostgreSQL refuses EXPLAIN inside non-volatile functions; it reads.
CREATE FUNCTION busymate_private.estimated_matches(pattern text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM public.entries e WHERE e.url ILIKE $1' INTO plan USING pattern;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END
$$;
--> statement-breakpoint
-- The pattern the trigram index gets. A term expected to be common keeps its whole pattern:
-- the planner then walks ids newest-first and stops at the page limit, which is fast
-- precisely because matches are everywhere. A term expected to be rare gets its fragment.
CREATE FUNCTION busymate_private.index_pattern(search_q text) RETURNS text
LANGUAGE sql VOLATILE SET search_path = '' AS $$
  SELECT CASE
    WHEN busymate_private.like_pattern(search_q) IS NULL THEN NULL
    WHEN busymate_private.estimated_matches(busymate_private.like_pattern(search_q)) >= 5000 THEN busymate_private.like_pattern(search_q)
    ELSE coalesce('%' || busymate_private.escape_like(busymate_private.search_fragment(search_q)) || '%', busymate_private.like_pattern(search_q))
  END
$$;
--> statement-breakpoint
-- $1 devices, $2 pinned ids, $3 hosts, $4 the index pattern; the whole term's pattern at the
-- position the caller names, checked only where the index pattern is narrower than the term.
CREATE FUNCTION busymate_private.search_condition(term_param integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT format('(e.device_uuid = ANY ($1) OR e.id = ANY ($2))
      AND ($3 IS NULL OR e.host = ANY ($3))
      AND ($4 IS NULL OR (e.url ILIKE $4 AND ($4 = $%1$s OR (e.url || %2$L) ILIKE $%1$s)))', term_param, '')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION busymate_private.list_entries(
  target_workspace uuid, device_uuids uuid[], hosts text[], search_q text, before_id bigint, lim integer
) RETURNS SETOF public.entry_summary
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
BEGIN
  IF scope.devices IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT e.id, e.ts, e.device_uuid, e.method, e.host, e.path, e.status, e.source, e.duration_ms
     FROM public.entries e
     WHERE ' || busymate_private.search_condition(7) || ' AND ($5 IS NULL OR e.id < $5)
     ORDER BY e.id DESC LIMIT $6'
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.index_pattern(search_q),
        before_id, lim, busymate_private.like_pattern(search_q);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION busymate_private.count_entries(target_workspace uuid, device_uuids uuid[], hosts text[], search_q text)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
  total bigint;
BEGIN
  IF scope.devices IS NULL THEN RETURN 0; END IF;
  EXECUTE 'SELECT count(*) FROM public.entries e WHERE ' || busymate_private.search_condition(5)
  INTO total
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.index_pattern(search_q),
        busymate_private.like_pattern(search_q);
  RETURN total;
END
$$;
--> statement-breakpoint
DROP FUNCTION busymate_private.search_predicate();
