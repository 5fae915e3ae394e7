-- pgmcp test fixture. Loaded as superuser into a fresh database by dev.pgmcp.testing.TestDatabase.
-- Everything is deterministic: no random(), no now() in row values, explicit time zones.
-- Roles are cluster-wide, so their creation is idempotent (the server may be shared).

SET client_min_messages = warning;

-- ---------------------------------------------------------------- schemas
CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE SCHEMA "Analytics";
COMMENT ON SCHEMA sales IS 'Customers, products, orders and events.';
COMMENT ON SCHEMA hr IS 'Employees and departments; holds personal data.';

-- ---------------------------------------------------------------- sales
CREATE TYPE sales.order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE sales.customers (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    email      text UNIQUE,
    created_at timestamptz DEFAULT now(),
    tags       text[],
    profile    jsonb
);
COMMENT ON TABLE sales.customers IS 'People and companies that buy from us.';
COMMENT ON COLUMN sales.customers.email IS 'Contact address; unique when present.';
COMMENT ON COLUMN sales.customers.profile IS 'Free-form profile: {"tier": ..., "newsletter": ..., "address": {...}}.';

INSERT INTO sales.customers (name, email, created_at, tags, profile)
SELECT (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'John'])[1 + g % 10]
           || ' ' || (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov'])[1 + (g / 10) % 5] || ' ' || g,
       CASE WHEN g % 25 = 0 THEN NULL ELSE 'customer' || g || '@example.com' END,
       timestamptz '2023-01-01 00:00:00+00' + g * interval '1 day 7 hours',
       CASE WHEN g % 10 = 0 THEN ARRAY['vip', 'wholesale'] WHEN g % 3 = 0 THEN ARRAY['newsletter'] ELSE ARRAY[]::text[] END,
       jsonb_build_object('tier', (ARRAY['bronze', 'silver', 'gold'])[1 + g % 3],
                          'newsletter', g % 2 = 0,
                          'address', jsonb_build_object('city', (ARRAY['Berlin', 'Paris', 'Lisbon', 'Oslo'])[1 + g % 4],
                                                        'zip', lpad((g * 137 % 99999)::text, 5, '0')))
FROM generate_series(1, 100) AS g;

CREATE TABLE sales.products (
    id         integer PRIMARY KEY,
    sku        text NOT NULL UNIQUE,
    name       text NOT NULL,
    price      numeric(10,2) NOT NULL,
    attributes jsonb,
    dimensions int[]
);
COMMENT ON TABLE sales.products IS 'The product catalogue.';
COMMENT ON COLUMN sales.products.price IS 'Unit price in EUR.';
COMMENT ON COLUMN sales.products.dimensions IS 'Width, height and depth in millimetres.';

INSERT INTO sales.products (id, sku, name, price, attributes, dimensions)
SELECT g,
       'SKU-' || lpad(g::text, 4, '0'),
       (ARRAY['Widget', 'Gadget', 'Gizmo', 'Doohickey', 'Sprocket'])[1 + g % 5] || ' ' || g,
       round((1.5 + (g * 13.37) % 200)::numeric, 2),
       jsonb_build_object('colour', (ARRAY['red', 'green', 'blue'])[1 + g % 3], 'fragile', g % 4 = 0),
       ARRAY[10 + g % 90, 20 + g % 50, 5 + g % 30]
FROM generate_series(1, 30) AS g;

CREATE TABLE sales.orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES sales.customers (id),
    status      sales.order_status NOT NULL,
    total       numeric(12,2),
    ordered_at  timestamptz NOT NULL,
    note        text
);
CREATE INDEX orders_customer_id_idx ON sales.orders (customer_id);
COMMENT ON TABLE sales.orders IS 'One row per order placed by a customer.';
COMMENT ON COLUMN sales.orders.total IS 'Order total in EUR, the sum of its items.';
COMMENT ON COLUMN sales.orders.note IS 'Free text from the customer; may be NULL.';

INSERT INTO sales.orders (id, customer_id, status, total, ordered_at, note)
SELECT g,
       1 + (g * 7) % 100,
       (ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + g % 5]::sales.order_status,
       NULL,
       timestamptz '2024-01-01 10:00:00+00' + g * interval '9 hours 11 minutes',
       CASE WHEN g % 9 = 0 THEN 'Please ring twice' WHEN g % 14 = 0 THEN 'Gift wrap, "fragile"' END
FROM generate_series(1, 200) AS g;

CREATE TABLE sales.order_items (
    order_id   bigint NOT NULL REFERENCES sales.orders (id) ON DELETE CASCADE,
    line_no    integer NOT NULL,
    product_id integer NOT NULL REFERENCES sales.products (id),
    quantity   integer NOT NULL,
    price      numeric NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
COMMENT ON TABLE sales.order_items IS 'The lines of each order.';

INSERT INTO sales.order_items (order_id, line_no, product_id, quantity, price)
SELECT o.id, l, p.id, 1 + (o.id + l) % 3, p.price
FROM sales.orders AS o
CROSS JOIN LATERAL generate_series(1, 1 + (o.id % 3)::integer) AS l
JOIN sales.products AS p ON p.id = 1 + (o.id * 3 + l * 5) % 30;

UPDATE sales.orders AS o
SET total = t.total
FROM (SELECT order_id, sum(quantity * price)::numeric(12,2) AS total FROM sales.order_items GROUP BY order_id) AS t
WHERE t.order_id = o.id;

-- Partitioned by month, three partitions.
CREATE TABLE sales.events (
    id          bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    kind        text NOT NULL,
    customer_id bigint,
    payload     jsonb
) PARTITION BY RANGE (occurred_at);
COMMENT ON TABLE sales.events IS 'Click-stream events, partitioned by month.';
CREATE TABLE sales.events_2024_01 PARTITION OF sales.events
    FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00');
CREATE TABLE sales.events_2024_02 PARTITION OF sales.events
    FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');
CREATE TABLE sales.events_2024_03 PARTITION OF sales.events
    FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00');

INSERT INTO sales.events (id, occurred_at, kind, customer_id, payload)
SELECT g,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '7 hours 3 minutes',
       (ARRAY['view', 'click', 'add_to_cart', 'checkout'])[1 + g % 4],
       1 + g % 100,
       jsonb_build_object('page', '/products/' || (1 + g % 30))
FROM generate_series(0, 299) AS g;   -- 300 events spread over January to March 2024

CREATE VIEW sales.customer_order_totals AS
SELECT c.id AS customer_id, c.name, count(o.id) AS order_count, coalesce(sum(o.total), 0) AS total_spent
FROM sales.customers AS c
LEFT JOIN sales.orders AS o ON o.customer_id = c.id AND o.status <> 'cancelled'
GROUP BY c.id, c.name;
COMMENT ON VIEW sales.customer_order_totals IS 'Per customer: number of orders and amount spent, cancelled orders excluded.';

CREATE MATERIALIZED VIEW sales.monthly_revenue AS
SELECT date_trunc('month', ordered_at AT TIME ZONE 'UTC')::date AS month, count(*) AS orders, sum(total) AS revenue
FROM sales.orders
WHERE status <> 'cancelled'
GROUP BY 1
WITH DATA;
COMMENT ON MATERIALIZED VIEW sales.monthly_revenue IS 'Revenue per calendar month (UTC).';

-- ---------------------------------------------------------------- hr
CREATE TABLE hr.departments (
    id   integer PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO hr.departments VALUES (1, 'Engineering'), (2, 'Sales'), (3, 'Finance'), (4, 'People');

CREATE TABLE hr.employees (
    id            integer PRIMARY KEY,
    name          text NOT NULL,
    email         text NOT NULL UNIQUE,
    ssn           text NOT NULL,
    salary        numeric(10,2) NOT NULL,
    manager_id    integer REFERENCES hr.employees (id),
    department_id integer NOT NULL REFERENCES hr.departments (id)
);
COMMENT ON TABLE hr.employees IS 'Staff. The ssn column is personal data: pgmcp_reader may not read it.';
COMMENT ON COLUMN hr.employees.ssn IS 'Social security number (synthetic).';

INSERT INTO hr.employees (id, name, email, ssn, salary, manager_id, department_id)
SELECT g,
       'Employee ' || g,
       'employee' || g || '@corp.example',
       lpad((100 + g)::text, 3, '0') || '-' || lpad((g * 7 % 100)::text, 2, '0') || '-' || lpad((g * 389 % 10000)::text, 4, '0'),
       40000 + (g * 1733) % 60000,
       CASE WHEN g <= 4 THEN NULL ELSE 1 + (g - 1) % 4 END,
       1 + (g - 1) % 4
FROM generate_series(1, 24) AS g;

-- ---------------------------------------------------------------- awkward names
CREATE TABLE "Analytics"."PageViews" (
    id       bigint PRIMARY KEY,
    "UserId" bigint NOT NULL,
    "Path"   text NOT NULL,
    "ViewedAt" timestamptz NOT NULL
);
COMMENT ON TABLE "Analytics"."PageViews" IS 'Mixed-case schema, table and column names.';
INSERT INTO "Analytics"."PageViews"
SELECT g, 1 + g % 10, (ARRAY['/', '/products', '/cart', '/checkout'])[1 + g % 4],
       timestamptz '2024-03-01 12:00:00+00' + g * interval '1 minute'
FROM generate_series(1, 50) AS g;

CREATE TABLE public."order details" (
    id     integer PRIMARY KEY,
    detail text NOT NULL
);
COMMENT ON TABLE public."order details" IS 'A table whose name contains a space.';
INSERT INTO public."order details" VALUES (1, 'first'), (2, 'second'), (3, 'third');

-- ---------------------------------------------------------------- a large narrow table
-- Built without the primary key and indexed afterwards: much faster than inserting into an index.
CREATE TABLE public.big_numbers (
    id    bigint NOT NULL,
    val   double precision,
    label text
);
INSERT INTO public.big_numbers (id, val, label)
SELECT g, (g % 1000) / 7.0, 'n' || (g % 100)
FROM generate_series(1, 1000000) AS g;
ALTER TABLE public.big_numbers ADD PRIMARY KEY (id);
COMMENT ON TABLE public.big_numbers IS '1,000,000 rows: for row limits, timeouts and cost estimates.';

-- ---------------------------------------------------------------- every interesting value
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');

CREATE TABLE public.type_samples (
    label          text PRIMARY KEY,
    c_smallint     smallint,
    c_integer      integer,
    c_bigint       bigint,
    c_numeric      numeric,
    c_real         real,
    c_double       double precision,
    c_boolean      boolean,
    c_text         text,
    c_varchar      varchar(20),
    c_char         char(5),
    c_uuid         uuid,
    c_date         date,
    c_timestamp    timestamp,
    c_timestamptz  timestamptz,
    c_time         time,
    c_timetz       timetz,
    c_interval     interval,
    c_json         json,
    c_jsonb        jsonb,
    c_bytea        bytea,
    c_int_array    int[],
    c_text_array   text[],
    c_jsonb_array  jsonb[],
    c_inet         inet,
    c_enum         public.mood,
    c_int4range    int4range
);
COMMENT ON TABLE public.type_samples IS 'One row per interesting value of many types; label names the row.';

INSERT INTO public.type_samples VALUES
    ('typical', 42, 123456, 1234567890123, 3.14159, 1.5, 2.718281828459045, true,
     'hello world', 'varchar', 'abc', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-02-29', '2024-02-29 13:45:30.123456',
     '2024-02-29 13:45:30.123456+00', '13:45:30.5', '13:45:30+02', '1 year 2 mons 3 days 04:05:06.789',
     '{"a": 1, "b": [true, null, "x"]}', '{"a": 1, "b": [true, null, "x"]}', '\x00ff10deadbeef',
     '{1,2,3}', '{alpha,beta}', ARRAY['{"k": "v"}'::jsonb, '[1, 2]'::jsonb], '192.168.1.10/24', 'happy', '[1,10)'),
    ('extremes', -32768, 2147483647, 9007199254740993, 12345678901234567890.123456789, 3.4028235e38, 1.7976931348623157e308, false,
     '', 'x', 'ab', '00000000-0000-0000-0000-000000000000', '0001-01-01', '1970-01-01 00:00:00',
     '1970-01-01 00:00:00+00', '23:59:59.999999', '00:00:00-12', '-1 days -00:00:01',
     '[]', '{}', '\x', '{{1,2},{3,4}}', '{}', '{}', '::1', 'sad', 'empty'),
    ('special', 0, 0, -9223372036854775808, 'NaN', 'NaN', 'Infinity', NULL,
     E'Grüße 世界 🐘 "double" ''single'' back\\slash\ttab\nnewline', 'ünïcödé', 'x', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
     '2000-01-01', '2000-01-01 00:00:00', 'infinity', '00:00:00', '23:59:59+14', '0 seconds',
     '{"nested": {"deep": [1, {"x": "y"}]}, "unicode": "é"}', '{"n": 1e100, "s": "quote\"d"}', '\x0a0d00',
     '{-1,NULL,2}', ARRAY['plain', NULL, 'with "quotes"', 'comma,inside', 'back\slash', '', 'NULL', '{braces}'],
     ARRAY['null'::jsonb, '"str"'::jsonb, NULL], '10.0.0.1', 'ok', '(,5]'),
    ('negative_infinity', -1, -1, -1, -0.000000001, '-Infinity', '-Infinity', true,
     'line1' || chr(10) || 'line2', 'v', 'abcde', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '1999-12-31', '1999-12-31 23:59:59',
     '-infinity', '12:00:00', '12:00:00+05:30', '-2 years 3 mons', 'null', 'null', '\xc3a9',
     '{0}', '{"a b","c\\d"}', ARRAY['{}'::jsonb], '2001:db8::1/64', 'sad', '[5,5]'),
    ('all_nulls', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- things attack tests watch
CREATE SEQUENCE public.counter_seq;
COMMENT ON SEQUENCE public.counter_seq IS 'Must never advance: attack tests check last_value.';

CREATE TABLE public.audit_log (
    id  serial PRIMARY KEY,
    msg text NOT NULL
);
COMMENT ON TABLE public.audit_log IS 'Must never change: attack tests check these three rows.';
INSERT INTO public.audit_log (msg) VALUES ('fixture loaded'), ('second entry'), ('third entry');

-- ---------------------------------------------------------------- roles
-- pgmcp_reader: the role the server under test connects as. Login, read-only, no ssn.
DO $$
BEGIN
    CREATE ROLE pgmcp_reader LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_reader LOGIN PASSWORD 'reader-secret-1' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- A shared server may have made it a member of other roles in an earlier run: undo that.
DO $$
DECLARE
    granted regrole;
BEGIN
    FOR granted IN SELECT m.roleid::regrole FROM pg_auth_members AS m
                   WHERE m.member = 'pgmcp_reader'::regrole LOOP
        EXECUTE format('REVOKE %s FROM pgmcp_reader', granted);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public, sales, hr, "Analytics" TO pgmcp_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public, sales, hr, "Analytics" TO pgmcp_reader;
REVOKE SELECT ON hr.employees FROM pgmcp_reader;
GRANT SELECT (id, name, email, salary, manager_id, department_id) ON hr.employees TO pgmcp_reader;

-- pgmcp_writer: can change sales.orders; the server's start-up audit must warn about it.
DO $$
BEGIN
    CREATE ROLE pgmcp_writer LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_writer LOGIN PASSWORD 'writer-secret-1' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT USAGE ON SCHEMA public, sales TO pgmcp_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO pgmcp_writer;
GRANT INSERT, UPDATE, DELETE ON sales.orders TO pgmcp_writer;

-- pgmcp_signal: member of pg_signal_backend; the server must refuse to run as it.
DO $$
BEGIN
    CREATE ROLE pgmcp_signal LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_signal LOGIN PASSWORD 'signal-secret-1' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT pg_signal_backend TO pgmcp_signal;
GRANT USAGE ON SCHEMA public, sales TO pgmcp_signal;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO pgmcp_signal;

ANALYZE;

-- ---------------------------------------------------------------- issue 9: types read by OID
-- Serial keys (pgjdbc names them serial/bigserial), a domain and an array of it, enums inside and
-- outside the search path, a mixed-case type name. Added last, so nothing above changes.
CREATE DOMAIN sales.quantity AS integer CHECK (VALUE > 0);
CREATE TYPE "Analytics"."Level" AS ENUM ('low', 'High');
CREATE TABLE public.serial_keys (
    small_id   smallserial,
    id         serial PRIMARY KEY,
    big_id     bigserial,
    status     sales.order_status,
    level      "Analytics"."Level",
    mood       public.mood,
    quantity   sales.quantity,
    quantities sales.quantity[],
    statuses   sales.order_status[]
);
INSERT INTO public.serial_keys (status, level, mood, quantity, quantities, statuses)
VALUES ('paid', 'High', 'happy', 3, '{1,2}', '{paid,shipped}');
GRANT SELECT ON public.serial_keys TO pgmcp_reader;
ANALYZE public.serial_keys;

-- ---------------------------------------------------------------- profile roles (issue 10, begin)
-- PostgreSQL enforces a profile through its role. pgmcp_guarded: the role of the attack suites'
-- profile that hides schema "Analytics" and column hr.employees.ssn; it may read the rest.
-- pgmcp_profile_login: a login role that holds no grant of its own (NOINHERIT) and may switch to
-- pgmcp_guarded, as docs/role-setup.md recommends.
DO $$
BEGIN
    CREATE ROLE pgmcp_guarded NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_guarded NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT USAGE ON SCHEMA public, sales, hr TO pgmcp_guarded;
GRANT SELECT ON ALL TABLES IN SCHEMA public, sales TO pgmcp_guarded;
GRANT SELECT ON hr.departments TO pgmcp_guarded;
GRANT SELECT (id, name, email, salary, manager_id, department_id) ON hr.employees TO pgmcp_guarded;

DO $$
BEGIN
    CREATE ROLE pgmcp_profile_login LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_profile_login LOGIN NOINHERIT PASSWORD 'profile-login-secret-1' NOSUPERUSER NOCREATEDB NOCREATEROLE
    NOREPLICATION NOBYPASSRLS;
GRANT pgmcp_guarded TO pgmcp_profile_login;
-- ---------------------------------------------------------------- profile roles (issue 10, end)


-- ================================================================ functions pgmcp cannot see into (issue 10)
-- Extensions whose functions run SQL text (tablefunc, dblink) or are extension functions (pg_trgm),
-- installed when the server has them (a server given by PGMCP_TEST_JDBC_URL may not; the tests that
-- need them are skipped there). pg_trgm and pageinspect go into schema ext, off the search path, so
-- that pg_trgm's operators (%, <->) do not shadow the built-in ones for unqualified queries.
CREATE SCHEMA ext;
GRANT USAGE ON SCHEMA ext TO PUBLIC;
DO $$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN SELECT * FROM (VALUES ('tablefunc', 'public'), ('dblink', 'public'), ('pg_trgm', 'ext'),
                                        ('pageinspect', 'ext')) AS w(name, schema)
                  WHERE w.name IN (SELECT name FROM pg_available_extensions) LOOP
        EXECUTE format('CREATE EXTENSION IF NOT EXISTS %I SCHEMA %I', wanted.name, wanted.schema);
    END LOOP;
END
$$;

-- pgmcp_owner: the misconfigured role of the attack suites. Not a superuser, but with write grants,
-- and the owner of owned.readings, whose BRIN and GIN indexes it could change from a read-only
-- transaction (brin_summarize_new_values, gin_clean_pending_list). It reads what pgmcp_reader reads.
DO $$
BEGIN
    CREATE ROLE pgmcp_owner LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_owner LOGIN PASSWORD 'owner-secret-1' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT USAGE ON SCHEMA public, sales, hr, "Analytics" TO pgmcp_owner;
GRANT SELECT ON ALL TABLES IN SCHEMA public, sales, "Analytics" TO pgmcp_owner;
GRANT SELECT (id, name, email, salary, manager_id, department_id) ON hr.employees TO pgmcp_owner;
GRANT INSERT, UPDATE, DELETE ON sales.orders, public.audit_log TO pgmcp_owner;

CREATE SCHEMA owned;
GRANT USAGE ON SCHEMA owned TO pgmcp_owner, pgmcp_reader;
-- Autovacuum off, so that only an attack could summarize the BRIN ranges or flush the GIN pending list.
CREATE TABLE owned.readings (id int NOT NULL, tags tsvector NOT NULL)
    WITH (autovacuum_enabled = false, fillfactor = 10);
INSERT INTO owned.readings SELECT g, to_tsvector('simple', 'tag' || g % 7) FROM generate_series(1, 50) AS g;
CREATE INDEX readings_brin ON owned.readings USING brin (id) WITH (pages_per_range = 1);
CREATE INDEX readings_gin ON owned.readings USING gin (tags) WITH (fastupdate = on, gin_pending_list_limit = 4096);
-- Rows added after the indexes: unsummarized BRIN ranges and GIN pending-list entries.
INSERT INTO owned.readings SELECT g, to_tsvector('simple', 'late' || g % 5) FROM generate_series(51, 400) AS g;
ALTER TABLE owned.readings OWNER TO pgmcp_owner;
GRANT SELECT ON owned.readings TO pgmcp_reader;

-- traps: what a careless DBA might have created. Functions with a false IMMUTABLE label (the planner
-- runs them while planning), an operator and a domain that call them, and a view over them.
CREATE SCHEMA traps;
GRANT USAGE ON SCHEMA traps TO PUBLIC;
CREATE FUNCTION traps.summarize_quietly() RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) $$;
CREATE FUNCTION traps.clean_quietly() RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_catalog.gin_clean_pending_list('owned.readings_gin'::regclass) $$;
CREATE FUNCTION traps.cancel_quietly(pid int) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_catalog.pg_cancel_backend(pid) $$;
CREATE FUNCTION traps.summarize_pair(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT a + b + pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) $$;
CREATE OPERATOR traps.<!> (LEFTARG = int, RIGHTARG = int, FUNCTION = traps.summarize_pair);
CREATE FUNCTION traps.summarized(v int) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT v + pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) >= 0 $$;
CREATE DOMAIN traps.tick AS int CHECK (traps.summarized(VALUE));
CREATE FUNCTION traps.reveal(schema_name text) RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = schema_name $$;
-- Callable by the attack suites' login roles only: a SECURITY DEFINER function that PUBLIC may run would
-- let every role read what its owner reads (the profile role check refuses exactly that).
REVOKE EXECUTE ON FUNCTION traps.reveal(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION traps.reveal(text) TO pgmcp_reader, pgmcp_writer, pgmcp_owner;
CREATE VIEW traps.summary_view AS SELECT traps.summarize_quietly() AS ranges;
GRANT SELECT ON traps.summary_view TO PUBLIC;
-- Index page state for the attack suites' before/after comparison (pageinspect, when installed).
CREATE FUNCTION traps.index_pages() RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    state text;
BEGIN
    IF to_regproc('ext.brin_revmap_data') IS NULL THEN
        RETURN 'pageinspect not installed; size ' || pg_relation_size('owned.readings_brin')
            || '/' || pg_relation_size('owned.readings_gin');
    END IF;
    EXECUTE $q$SELECT (SELECT count(*) FROM ext.brin_revmap_data(ext.get_raw_page('owned.readings_brin', 1))
                       WHERE pages <> '(0,0)') || ' summarized BRIN ranges, '
                   || (SELECT n_pending_tuples || ' GIN pending tuples'
                       FROM ext.gin_metapage_info(ext.get_raw_page('owned.readings_gin', 0)))$q$ INTO state;
    RETURN state;
END
$$;

-- traps, continued (issue 10, second review): functions PostgreSQL calls where the text never names them.
-- Each does what traps.summarize_quietly does (summarize the BRIN ranges of owned.readings, compared by the
-- attack suites), and is created harmless first, then replaced, so that creating the objects that use it
-- does not already run it.
CREATE FUNCTION traps.planned_quietly() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 0 $$;
-- Attribute notation: row.summarized_row calls summarized_row(row); PostgreSQL looks such a function up on
-- the search path only, so these two are in public.
CREATE TABLE traps.gen_row (a int, b text);
INSERT INTO traps.gen_row VALUES (1, 'x');
GRANT SELECT ON traps.gen_row TO PUBLIC;
CREATE FUNCTION public.summarized_row(g traps.gen_row) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN g.a + pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass); END $$;
CREATE FUNCTION public.summarized_any(r record) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass); END $$;
-- An implicit user cast: any macaddr8 value may be converted to numeric by a function that summarizes.
CREATE FUNCTION traps.mac_to_numeric(m macaddr8) RETURNS numeric LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass); END $$;
CREATE CAST (macaddr8 AS numeric) WITH FUNCTION traps.mac_to_numeric(macaddr8) AS IMPLICIT;
CREATE TABLE traps.macs (m macaddr8);
INSERT INTO traps.macs VALUES ('08:00:2b:01:02:03:04:05');
GRANT SELECT ON traps.macs TO PUBLIC;
-- Expressions planning folds: index expression and predicate, statistics expression, partition key, CHECK
-- constraint of an inheritance child and of a partition.
CREATE TABLE traps.indexed (x int);
CREATE INDEX indexed_expr ON traps.indexed ((x + traps.planned_quietly()));
CREATE TABLE traps.index_predicate (x int);
CREATE INDEX index_predicate_part ON traps.index_predicate (x) WHERE x > traps.planned_quietly();
CREATE TABLE traps.with_statistics (x int, y int);
CREATE STATISTICS traps.with_statistics_expr ON (x + traps.planned_quietly()), y FROM traps.with_statistics;
CREATE TABLE traps.inherited (x int);
CREATE TABLE traps.inherited_child (x int CHECK (x > traps.planned_quietly())) INHERITS (traps.inherited);
CREATE TABLE traps.partitioned (x int) PARTITION BY RANGE (x);
CREATE TABLE traps.partitioned_low PARTITION OF traps.partitioned FOR VALUES FROM (0) TO (100);
ALTER TABLE traps.partitioned_low ADD CHECK (x > traps.planned_quietly());
CREATE TABLE traps.partition_key (x int) PARTITION BY RANGE ((x + traps.planned_quietly()));
CREATE TABLE traps.partition_key_low PARTITION OF traps.partition_key FOR VALUES FROM (0) TO (100);
CREATE VIEW traps.indexed_view AS SELECT x FROM traps.indexed;
GRANT SELECT ON traps.indexed, traps.index_predicate, traps.with_statistics, traps.inherited, traps.inherited_child,
    traps.partitioned, traps.partitioned_low, traps.partition_key, traps.partition_key_low, traps.indexed_view
    TO PUBLIC;
-- Domains outside casts: a composite type and a table with a field of the domain traps.tick.
CREATE TYPE traps.ticks AS (t traps.tick);
CREATE TYPE traps.nested_ticks AS (inner_ticks traps.ticks);
CREATE OR REPLACE FUNCTION traps.planned_quietly() RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) $$;
-- traps, continued (review R2): operators the text never writes. PostgreSQL calls an operator by name for
-- IN, CASE x WHEN, NULLIF, IS DISTINCT FROM, BETWEEN, LIKE, ILIKE and SIMILAR TO, looked up on the search
-- path (so these are in public), and the members of a type's default operator family by type (sorting,
-- GREATEST/LEAST, array and range comparisons). All are on the enum traps.flag only, so that queries with no
-- flag value call none of them (and must not be refused for them).
CREATE TYPE traps.flag AS ENUM ('off', 'on');
CREATE FUNCTION traps.flags_summarized(a traps.flag, b traps.flag) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) >= 0; END $$;
CREATE FUNCTION traps.flag_matches(a traps.flag, b text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) >= 0; END $$;
CREATE FUNCTION traps.flag_cmp(a traps.flag, b traps.flag) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) * 0
                     + pg_catalog.enum_cmp(a, b); END $$;
CREATE OPERATOR public.= (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.<> (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.< (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.> (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.<= (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.>= (LEFTARG = traps.flag, RIGHTARG = traps.flag, FUNCTION = traps.flags_summarized);
CREATE OPERATOR public.~~ (LEFTARG = traps.flag, RIGHTARG = text, FUNCTION = traps.flag_matches);
CREATE OPERATOR public.~~* (LEFTARG = traps.flag, RIGHTARG = text, FUNCTION = traps.flag_matches);
CREATE OPERATOR public.~ (LEFTARG = traps.flag, RIGHTARG = text, FUNCTION = traps.flag_matches);
CREATE OPERATOR CLASS traps.flag_ops DEFAULT FOR TYPE traps.flag USING btree AS
    OPERATOR 1 public.<, OPERATOR 2 public.<=, OPERATOR 3 public.=, OPERATOR 4 public.>=, OPERATOR 5 public.>,
    FUNCTION 1 traps.flag_cmp(traps.flag, traps.flag);
CREATE TYPE traps.flag_range AS RANGE (subtype = traps.flag);
CREATE TABLE traps.flags (f traps.flag);
INSERT INTO traps.flags VALUES ('off'), ('on');
GRANT SELECT ON traps.flags TO PUBLIC;
-- A non-default operator class of text, used by a range type only: text values reach it only through that type.
CREATE FUNCTION traps.text_cmp(a text, b text) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RETURN pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) * 0
                     + pg_catalog.bttextcmp(a, b); END $$;
CREATE OPERATOR CLASS traps.text_trap_ops FOR TYPE text USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 traps.text_cmp(text, text);
CREATE TYPE traps.text_range AS RANGE (subtype = text, subtype_opclass = traps.text_trap_ops);
