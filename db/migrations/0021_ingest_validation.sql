-- Every capture that enters `entries` is a TrafficLogEntry exactly as lib/capture's zod schema
-- (trafficLogEntrySchema) accepts it: the same keys (objects are strict, an absent key is not a
-- null), types, ranges and patterns. A BEFORE INSERT trigger checks each row and raises 23514
-- (PostgREST: 400) naming the row's index in the statement and the field, so a batch with one
-- bad entry writes nothing. The table's owner (migrations, the partition mover, maintenance) is
-- not checked: it moves rows that were already accepted.
-- The helpers are single-expression SQL functions without SET clauses, so the planner inlines
-- them into the one expression each check is: a function call per field per row (and a GUC save
-- per SET) cost 2 ms a capture. They name only pg_catalog objects, which every search path
-- searches first, and run with the caller's rights. Each answers NULL (fine) or the problem.
-- Which key is unknown, once one is: a function rather than a subquery in tle_object, so the
-- expressions that inline tle_object stay simple ones PL/pgSQL evaluates without the executor.
CREATE FUNCTION busymate_private.tle_unknown_key(v jsonb, path text, allowed text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT path || ': unknown key "' || min(k) || '"' FROM jsonb_object_keys(v - allowed) AS k
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.tle_object(v jsonb, path text, allowed text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN v IS NULL THEN path || ': required'
    WHEN jsonb_typeof(v) <> 'object' THEN path || ': expected an object, got ' || jsonb_typeof(v)
    WHEN (v - allowed) = '{}'::jsonb THEN NULL
    ELSE busymate_private.tle_unknown_key(v, path, allowed)
  END
$$;
--> statement-breakpoint
-- A string field: required or optional, with a minimum length.
CREATE FUNCTION busymate_private.tle_string(o jsonb, key text, path text, required boolean DEFAULT false, min_length int DEFAULT 0)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(o -> key) = 'string' THEN
      CASE WHEN min_length > 0 AND length(o ->> key) < min_length THEN path || '.' || key || ': must not be empty' END
    WHEN NOT (o ? key) THEN CASE WHEN required THEN path || '.' || key || ': required' END
    ELSE path || '.' || key || ': expected a string, got ' || jsonb_typeof(o -> key)
  END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.tle_boolean(o jsonb, key text, path text, required boolean DEFAULT false)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(o -> key) = 'boolean' THEN NULL
    WHEN NOT (o ? key) THEN CASE WHEN required THEN path || '.' || key || ': required' END
    ELSE path || '.' || key || ': expected a boolean, got ' || jsonb_typeof(o -> key)
  END
$$;
--> statement-breakpoint
-- A number field; `whole` as zod's int() (a safe integer).
CREATE FUNCTION busymate_private.tle_number(o jsonb, key text, path text, required boolean DEFAULT false,
  whole boolean DEFAULT false, min numeric DEFAULT NULL, max numeric DEFAULT NULL)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(o -> key) = 'number' THEN
      CASE
        WHEN whole AND ((o ->> key)::numeric % 1 <> 0 OR abs((o ->> key)::numeric) > 9007199254740991)
          THEN path || '.' || key || ': expected a whole number'
        WHEN (o ->> key)::numeric < min THEN path || '.' || key || ': must be at least ' || min
        WHEN (o ->> key)::numeric > max THEN path || '.' || key || ': must be at most ' || max
      END
    WHEN NOT (o ? key) THEN CASE WHEN required THEN path || '.' || key || ': required' END
    ELSE path || '.' || key || ': expected a number, got ' || jsonb_typeof(o -> key)
  END
$$;
--> statement-breakpoint
-- One item of a list ('header', 'query', 'cookie', 'param').
CREATE FUNCTION busymate_private.tle_item(element jsonb, at text, item text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE item
    WHEN 'header' THEN coalesce(
      busymate_private.tle_object(element, at, ARRAY['name', 'value', 'comment']),
      busymate_private.tle_string(element, 'name', at, true, 1),
      busymate_private.tle_string(element, 'value', at, true),
      busymate_private.tle_string(element, 'comment', at))
    WHEN 'query' THEN coalesce(
      busymate_private.tle_object(element, at, ARRAY['name', 'value', 'comment']),
      busymate_private.tle_string(element, 'name', at, true),
      busymate_private.tle_string(element, 'value', at, true),
      busymate_private.tle_string(element, 'comment', at))
    WHEN 'cookie' THEN coalesce(
      busymate_private.tle_object(element, at,
        ARRAY['name', 'value', 'path', 'domain', 'expires', 'httpOnly', 'secure', 'sameSite', 'comment']),
      busymate_private.tle_string(element, 'name', at, true),
      busymate_private.tle_string(element, 'value', at, true),
      busymate_private.tle_string(element, 'path', at),
      busymate_private.tle_string(element, 'domain', at),
      busymate_private.tle_string(element, 'expires', at),
      busymate_private.tle_boolean(element, 'httpOnly', at),
      busymate_private.tle_boolean(element, 'secure', at),
      busymate_private.tle_string(element, 'sameSite', at),
      busymate_private.tle_string(element, 'comment', at))
    WHEN 'param' THEN coalesce(
      busymate_private.tle_object(element, at, ARRAY['name', 'value', 'fileName', 'contentType', 'comment']),
      busymate_private.tle_string(element, 'name', at, true),
      busymate_private.tle_string(element, 'value', at),
      busymate_private.tle_string(element, 'fileName', at),
      busymate_private.tle_string(element, 'contentType', at),
      busymate_private.tle_string(element, 'comment', at))
  END
$$;
--> statement-breakpoint
-- A list field. Name/value lists (headers, the query) are checked first in one set-based pass;
-- only a list that fails it is walked item by item for the message.
CREATE FUNCTION busymate_private.tle_list(o jsonb, key text, path text, item text, required boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  list jsonb := o -> key;
BEGIN
  IF list IS NULL THEN RETURN CASE WHEN required THEN path || '.' || key || ': required' END; END IF;
  IF jsonb_typeof(list) <> 'array' THEN RETURN path || '.' || key || ': expected an array, got ' || jsonb_typeof(list); END IF;
  IF item IN ('header', 'query') AND NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(list) AS e
    -- A missing key reads as NULL here: only a definite true passes.
    WHERE NOT coalesce(CASE WHEN jsonb_typeof(e) = 'object' THEN
      jsonb_typeof(e -> 'name') = 'string' AND jsonb_typeof(e -> 'value') = 'string'
      AND jsonb_typeof(coalesce(e -> 'comment', '""')) = 'string' AND (e - 'name' - 'value' - 'comment') = '{}'::jsonb
      AND (item <> 'header' OR e ->> 'name' <> '') END, false))
  THEN
    RETURN NULL;
  END IF;
  RETURN (SELECT problem FROM (
    SELECT busymate_private.tle_item(e.value, path || '.' || key || '.' || (e.n - 1), item) AS problem, e.n
    FROM jsonb_array_elements(list) WITH ORDINALITY AS e(value, n)) AS checked
    WHERE problem IS NOT NULL ORDER BY n LIMIT 1);
END
$$;
--> statement-breakpoint
-- A body (already taken out of its message, so the planner does not copy it per check).
CREATE FUNCTION busymate_private.tle_body(b jsonb, at text, with_params boolean)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b IS NOT NULL THEN coalesce(
    busymate_private.tle_object(b, at, CASE WHEN with_params
      THEN ARRAY['encoding', 'content', 'size', 'mimeType', 'truncated', 'compression', 'params', 'comment']
      ELSE ARRAY['encoding', 'content', 'size', 'mimeType', 'truncated', 'compression', 'comment'] END),
    busymate_private.tle_string(b, 'encoding', at, true),
    CASE WHEN b ->> 'encoding' NOT IN ('text', 'base64') THEN at || '.encoding: must be text or base64' END,
    busymate_private.tle_string(b, 'content', at, true),
    busymate_private.tle_number(b, 'size', at, true, true, 0),
    busymate_private.tle_string(b, 'mimeType', at),
    busymate_private.tle_boolean(b, 'truncated', at, true),
    busymate_private.tle_number(b, 'compression', at, false, true),
    CASE WHEN with_params THEN busymate_private.tle_list(b, 'params', at, 'param') END,
    busymate_private.tle_string(b, 'comment', at)) END
$$;
--> statement-breakpoint
-- The schema's URL rule: an http(s) scheme and a non-empty authority (the database's own CHECK),
-- and an authority a WHATWG URL parser takes (URL.canParse in the schema): a host without spaces,
-- controls or forbidden characters (brackets only around an IPv6 address), a port of digits up to
-- 65535. Like the parser, trailing spaces and controls are ignored.
CREATE FUNCTION busymate_private.tle_url_problem(url text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  authority text;
  host text;
  port text;
BEGIN
  IF url !~* '^https?://[^/?#]+' THEN RETURN 'must be an absolute http(s) URL'; END IF;
  url := regexp_replace(url, '[\x01-\x20]+$', '');
  authority := substring(url FROM '^[A-Za-z]+://([^/?#\\]*)');
  host := regexp_replace(authority, '^.*@', '');
  IF host ~ '^\[[0-9A-Fa-f:.]+\](:[^:]*)?$' THEN
    port := substring(host FROM '^\[[^]]*\]:(.*)$');
  ELSE
    port := substring(host FROM ':([^:]*)$');
    host := regexp_replace(host, ':[^:]*$', '');
    IF host = '' OR host ~ '[[:space:][:cntrl:]<>^|"`{}\[\]:]' THEN RETURN 'must be an absolute http(s) URL'; END IF;
  END IF;
  IF port IS NOT NULL AND (port !~ '^[0-9]*$' OR coalesce(nullif(ltrim(port, '0'), '')::numeric, 0) > 65535) THEN
    RETURN 'must be an absolute http(s) URL';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.traffic_log_entry_problem(p jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  request jsonb := p -> 'request';
  response jsonb := p -> 'response';
  request_body jsonb := request -> 'body';
  response_body jsonb := response -> 'body';
  timings jsonb := p -> 'timings';
  tls jsonb := p -> 'tls';
  certificate jsonb := tls -> 'certificate';
  client jsonb := p -> 'client';
  failure jsonb := p -> 'error';
  problem text;
BEGIN
  problem := coalesce(
    busymate_private.tle_object(p, 'payload', ARRAY['id', 'startedAt', 'source', 'request', 'response', 'timings',
      'durationMs', 'tls', 'client', 'serverIp', 'connection', 'error', 'cache', 'pageref', 'comment']),
    busymate_private.tle_string(p, 'id', 'payload'),
    CASE WHEN p ? 'id' AND p ->> 'id' !~ '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$'
      THEN 'payload.id: must be a UUID' END,
    busymate_private.tle_string(p, 'startedAt', 'payload', true),
    CASE WHEN p ->> 'startedAt' !~ ('^(?:(?:[0-9][0-9][2468][048]|[0-9][0-9][13579][26]|[0-9][0-9]0[48]|[02468][048]00|[13579][26]00)-02-29'
        || '|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|(?:02)-(?:0[1-9]|1[0-9]|2[0-8])))'
        || 'T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|([+-](?:[01][0-9]|2[0-3]):[0-5][0-9])))$')
      THEN 'payload.startedAt: must be an ISO 8601 date-time with Z or an offset' END,
    busymate_private.tle_string(p, 'source', 'payload', true),
    CASE WHEN p ->> 'source' NOT IN ('vpn', 'pac', 'cdp', 'proxy', 'cli') THEN 'payload.source: must be one of vpn, pac, cdp, proxy, cli' END,
    -- request
    busymate_private.tle_object(request, 'payload.request', ARRAY['method', 'url', 'httpVersion', 'headers',
      'queryString', 'cookies', 'headersSize', 'bodySize', 'body', 'comment']),
    busymate_private.tle_string(request, 'method', 'payload.request', true),
    CASE WHEN request ->> 'method' !~ '^[A-Z][A-Z0-9_-]{0,31}$' THEN 'payload.request.method: must be an upper-case HTTP method token' END,
    busymate_private.tle_string(request, 'url', 'payload.request', true),
    'payload.request.url: ' || busymate_private.tle_url_problem(request ->> 'url'),
    busymate_private.tle_string(request, 'httpVersion', 'payload.request', true),
    busymate_private.tle_list(request, 'headers', 'payload.request', 'header', true),
    busymate_private.tle_list(request, 'queryString', 'payload.request', 'query'),
    busymate_private.tle_list(request, 'cookies', 'payload.request', 'cookie'),
    busymate_private.tle_number(request, 'headersSize', 'payload.request', false, true, -1),
    busymate_private.tle_number(request, 'bodySize', 'payload.request', false, true, -1),
    busymate_private.tle_body(request_body, 'payload.request.body', true),
    busymate_private.tle_string(request, 'comment', 'payload.request'));
  IF problem IS NOT NULL THEN RETURN problem; END IF;
  IF p ? 'response' THEN
    problem := coalesce(
      busymate_private.tle_object(response, 'payload.response', ARRAY['status', 'statusText', 'httpVersion', 'headers',
        'cookies', 'redirectURL', 'headersSize', 'bodySize', 'body', 'comment']),
      busymate_private.tle_number(response, 'status', 'payload.response', true, true, 100, 599),
      busymate_private.tle_string(response, 'statusText', 'payload.response', true),
      busymate_private.tle_string(response, 'httpVersion', 'payload.response', true),
      busymate_private.tle_list(response, 'headers', 'payload.response', 'header', true),
      busymate_private.tle_list(response, 'cookies', 'payload.response', 'cookie'),
      busymate_private.tle_string(response, 'redirectURL', 'payload.response'),
      busymate_private.tle_number(response, 'headersSize', 'payload.response', false, true, -1),
      busymate_private.tle_number(response, 'bodySize', 'payload.response', false, true, -1),
      busymate_private.tle_body(response_body, 'payload.response.body', false),
      busymate_private.tle_string(response, 'comment', 'payload.response'));
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  IF p ? 'timings' THEN
    problem := coalesce(
      busymate_private.tle_object(timings, 'payload.timings',
        ARRAY['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive', 'comment']),
      busymate_private.tle_number(timings, 'blocked', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'dns', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'connect', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'ssl', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'send', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'wait', 'payload.timings', false, false, -1),
      busymate_private.tle_number(timings, 'receive', 'payload.timings', false, false, -1),
      busymate_private.tle_string(timings, 'comment', 'payload.timings'));
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  IF p ? 'tls' THEN
    problem := coalesce(
      busymate_private.tle_object(tls, 'payload.tls', ARRAY['version', 'cipher', 'serverName', 'alpn', 'certificate']),
      busymate_private.tle_string(tls, 'version', 'payload.tls'),
      busymate_private.tle_string(tls, 'cipher', 'payload.tls'),
      busymate_private.tle_string(tls, 'serverName', 'payload.tls'),
      busymate_private.tle_string(tls, 'alpn', 'payload.tls'),
      CASE WHEN tls ? 'certificate' THEN coalesce(
        busymate_private.tle_object(certificate, 'payload.tls.certificate',
          ARRAY['subject', 'issuer', 'validFrom', 'validTo', 'fingerprintSha256']),
        busymate_private.tle_string(certificate, 'subject', 'payload.tls.certificate'),
        busymate_private.tle_string(certificate, 'issuer', 'payload.tls.certificate'),
        busymate_private.tle_string(certificate, 'validFrom', 'payload.tls.certificate'),
        busymate_private.tle_string(certificate, 'validTo', 'payload.tls.certificate'),
        busymate_private.tle_string(certificate, 'fingerprintSha256', 'payload.tls.certificate')) END);
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  IF p ? 'client' THEN
    problem := coalesce(
      busymate_private.tle_object(client, 'payload.client', ARRAY['ip', 'port', 'processName', 'bundleId', 'userAgent']),
      busymate_private.tle_string(client, 'ip', 'payload.client'),
      busymate_private.tle_number(client, 'port', 'payload.client', false, true, 0, 65535),
      busymate_private.tle_string(client, 'processName', 'payload.client'),
      busymate_private.tle_string(client, 'bundleId', 'payload.client'),
      busymate_private.tle_string(client, 'userAgent', 'payload.client'));
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  IF p ? 'error' THEN
    problem := coalesce(
      busymate_private.tle_object(failure, 'payload.error', ARRAY['code', 'message']),
      busymate_private.tle_string(failure, 'code', 'payload.error', true, 1),
      busymate_private.tle_string(failure, 'message', 'payload.error', true));
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  RETURN coalesce(
    busymate_private.tle_number(p, 'durationMs', 'payload', false, false, 0),
    busymate_private.tle_string(p, 'serverIp', 'payload'),
    busymate_private.tle_string(p, 'connection', 'payload'),
    CASE WHEN p ? 'cache' AND jsonb_typeof(p -> 'cache') <> 'object' THEN 'payload.cache: expected an object, got ' || jsonb_typeof(p -> 'cache') END,
    busymate_private.tle_string(p, 'pageref', 'payload'),
    busymate_private.tle_string(p, 'comment', 'payload'),
    CASE WHEN NOT (p ? 'response') AND NOT (p ? 'error') THEN 'payload.response: response is required unless error is set' END);
END
$$;
--> statement-breakpoint
-- The row's index within its INSERT statement, counted in a transaction-local setting that a
-- statement trigger resets, so a batch's error names the entry as the client sent it. The
-- statement trigger also decides once whether the writer is the table's owner (not checked).
CREATE FUNCTION busymate_private.entries_ingest_reset() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_catalog.set_config('busymate.ingest_row', '0', true),
    pg_catalog.set_config('busymate.ingest_owner',
      (SELECT (c.relowner = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user))::text
       FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.entries_ingest_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_index int := coalesce(nullif(pg_catalog.current_setting('busymate.ingest_row', true), '')::int, 0);
  problem text;
BEGIN
  PERFORM pg_catalog.set_config('busymate.ingest_row', (row_index + 1)::text, true);
  IF pg_catalog.current_setting('busymate.ingest_owner', true) = 'true' THEN RETURN NEW; END IF;
  problem := busymate_private.traffic_log_entry_problem(NEW.payload);
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION 'entries[%].%', row_index, problem
      USING ERRCODE = '23514',
        DETAIL = 'Entry ' || row_index || ' of this insert is not a TrafficLogEntry; nothing in the insert was written.',
        HINT = 'Send entries as lib/capture/traffic-log-entry.ts (trafficLogEntrySchema) accepts them.';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entries_ingest_reset BEFORE INSERT ON public.entries
FOR EACH STATEMENT EXECUTE FUNCTION busymate_private.entries_ingest_reset();
--> statement-breakpoint
CREATE TRIGGER entries_ingest_check BEFORE INSERT ON public.entries
FOR EACH ROW EXECUTE FUNCTION busymate_private.entries_ingest_check();
--> statement-breakpoint
-- HAR import from the dashboard: a person with entries:edit writes captures for a device in
-- their scope (the checks above apply to them as to a device).
GRANT INSERT (ts, device_uuid, payload) ON public.entries TO authenticated;
--> statement-breakpoint
CREATE POLICY entries_insert_import ON public.entries FOR INSERT TO authenticated
  WITH CHECK ((SELECT public.has_capability('entries', 'edit')) AND device_uuid IN (SELECT public.devices_in_scope()));
