-- Realistic read queries an agent writes against the test fixture (pgmcp-test-support).
-- Format: queries are separated by a line holding only "--;". Lines starting with "--@ relations:"
-- give the relations the query model must report (schema.name, comma-separated; views as named when
-- Calcite parses, the tables under them on the PostgreSQL path); "--@ params:" gives the parameter
-- values as a JSON array. Other "--" lines are comments.

-- basic lookups
SELECT id, name, email FROM sales.customers ORDER BY id LIMIT 10
--;
--@ relations: sales.customers
SELECT * FROM sales.customers WHERE id = 42
--;
SELECT name, email FROM sales.customers WHERE email IS NULL
--;
SELECT count(*) FROM sales.orders
--;
SELECT status, count(*) AS n FROM sales.orders GROUP BY status ORDER BY n DESC
--;
SELECT id, total FROM sales.orders WHERE total > 500 ORDER BY total DESC LIMIT 20
--;
SELECT min(ordered_at), max(ordered_at) FROM sales.orders
--;
SELECT sku, name, price FROM sales.products WHERE price BETWEEN 10 AND 50 ORDER BY price
--;
SELECT * FROM sales.products WHERE name ILIKE '%widget%'
--;
SELECT DISTINCT status FROM sales.orders
--;
SELECT id, name FROM hr.departments ORDER BY name
--;
SELECT id, name, salary FROM hr.employees WHERE department_id = 2 ORDER BY salary DESC
--;
SELECT avg(salary)::numeric(10,2) AS avg_salary FROM hr.employees
--;
SELECT label, c_integer, c_text FROM public.type_samples ORDER BY label
--;
SELECT * FROM type_samples WHERE label = 'typical'
--;
SELECT id, val, label FROM big_numbers WHERE id = 123456
--;
SELECT count(*) FROM big_numbers WHERE id BETWEEN 1000 AND 2000
--;
SELECT * FROM public."order details"
--;
SELECT id, note FROM sales.orders WHERE note IS NOT NULL
--;
SELECT id, note FROM sales.orders WHERE note LIKE '%"fragile"%'
--;
SELECT id, status FROM sales.orders WHERE status IN ('paid', 'shipped') ORDER BY id LIMIT 5
--;
SELECT id FROM sales.orders WHERE status <> 'cancelled' AND total IS NOT NULL ORDER BY id DESC LIMIT 3
--;
TABLE hr.departments
--;
VALUES (1, 'one'), (2, 'two')
--;
SELECT 1
--;
SELECT current_date, current_user, version()

-- joins
--;
--@ relations: sales.orders, sales.customers
SELECT o.id, c.name, o.total FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id ORDER BY o.total DESC NULLS LAST LIMIT 10
--;
SELECT c.name, count(o.id) AS orders FROM sales.customers c LEFT JOIN sales.orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY orders DESC LIMIT 10
--;
--@ relations: sales.order_items, sales.products, sales.orders
SELECT p.name, sum(i.quantity) AS units FROM sales.order_items i JOIN sales.products p ON p.id = i.product_id JOIN sales.orders o ON o.id = i.order_id WHERE o.status = 'delivered' GROUP BY p.name ORDER BY units DESC LIMIT 5
--;
SELECT e.name AS employee, m.name AS manager FROM hr.employees e LEFT JOIN hr.employees m ON m.id = e.manager_id ORDER BY e.id
--;
SELECT d.name, count(e.id), avg(e.salary) FROM hr.departments d JOIN hr.employees e ON e.department_id = d.id GROUP BY d.name
--;
SELECT order_id, count(*) AS lines, sum(quantity * price) AS amount FROM sales.orders o JOIN sales.order_items i ON i.order_id = o.id GROUP BY order_id ORDER BY amount DESC LIMIT 5
--;
SELECT o.id, i.line_no FROM sales.orders o JOIN sales.order_items i ON i.order_id = o.id WHERE o.id = 7
--;
SELECT c.name, o.id FROM sales.customers c, sales.orders o WHERE o.customer_id = c.id AND c.id = 8
--;
SELECT c.id, c.name FROM sales.customers c LEFT JOIN sales.orders o ON o.customer_id = c.id WHERE o.id IS NULL
--;
SELECT c.name, o.id FROM sales.customers c FULL OUTER JOIN sales.orders o ON o.customer_id = c.id WHERE c.id < 3
--;
SELECT p.name, d.name FROM sales.products p CROSS JOIN hr.departments d WHERE p.id < 3
--;
SELECT o.id, c.name, p.name, i.quantity FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id JOIN sales.order_items i ON i.order_id = o.id JOIN sales.products p ON p.id = i.product_id WHERE o.id BETWEEN 10 AND 12 ORDER BY o.id, i.line_no
--;
SELECT * FROM sales.orders NATURAL JOIN sales.order_items LIMIT 5
--;
SELECT e.name FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id AND d.name LIKE 'E%'

-- subqueries
--;
SELECT name FROM sales.customers WHERE id IN (SELECT customer_id FROM sales.orders WHERE total > 1000)
--;
SELECT name FROM sales.customers c WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer_id = c.id AND o.status = 'pending')
--;
SELECT name FROM sales.customers c WHERE NOT EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer_id = c.id)
--;
SELECT id, total, (SELECT avg(total) FROM sales.orders) AS avg_total FROM sales.orders WHERE total > (SELECT avg(total) FROM sales.orders) ORDER BY total DESC LIMIT 5
--;
SELECT c.name, (SELECT count(*) FROM sales.orders o WHERE o.customer_id = c.id) AS n FROM sales.customers c ORDER BY n DESC LIMIT 5
--;
SELECT t.status, t.n FROM (SELECT status, count(*) AS n FROM sales.orders GROUP BY status) t WHERE t.n > 10
--;
SELECT * FROM (SELECT id, total, row_number() OVER (ORDER BY total DESC) AS rn FROM sales.orders) ranked WHERE rn <= 3
--;
SELECT name, salary FROM hr.employees WHERE salary > ALL (SELECT salary FROM hr.employees WHERE department_id = 1)
--;
SELECT name FROM hr.employees WHERE department_id = (SELECT id FROM hr.departments ORDER BY id LIMIT 1)
--;
SELECT id FROM sales.orders WHERE customer_id IN (SELECT id FROM sales.customers WHERE id IN (SELECT customer_id FROM sales.orders WHERE status = 'cancelled'))

-- aggregates
--;
SELECT date_trunc('month', ordered_at) AS month, count(*), sum(total) FROM sales.orders GROUP BY 1 ORDER BY 1
--;
SELECT extract(year FROM ordered_at) AS y, extract(month FROM ordered_at) AS m, count(*) FROM sales.orders GROUP BY 1, 2 ORDER BY 1, 2
--;
SELECT status, count(*) FILTER (WHERE total > 500) AS big, count(*) AS all_orders FROM sales.orders GROUP BY status
--;
SELECT customer_id, sum(total) AS spent FROM sales.orders GROUP BY customer_id HAVING sum(total) > 2000 ORDER BY spent DESC
--;
SELECT string_agg(name, ', ' ORDER BY name) FROM hr.departments
--;
SELECT array_agg(DISTINCT status) FROM sales.orders
--;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median FROM sales.orders
--;
SELECT mode() WITHIN GROUP (ORDER BY status) FROM sales.orders
--;
SELECT status, round(avg(total), 2), stddev(total) FROM sales.orders GROUP BY status
--;
SELECT bool_and(total > 0), bool_or(note IS NOT NULL) FROM sales.orders
--;
SELECT count(DISTINCT customer_id) FROM sales.orders
--;
SELECT department_id, max(salary) - min(salary) AS spread FROM hr.employees GROUP BY department_id ORDER BY spread DESC
--;
SELECT status, extract(year FROM ordered_at) AS y, count(*) FROM sales.orders GROUP BY GROUPING SETS ((status), (extract(year FROM ordered_at)), ())
--;
SELECT status, date_trunc('month', ordered_at) AS m, sum(total) FROM sales.orders GROUP BY ROLLUP (status, date_trunc('month', ordered_at)) ORDER BY 1, 2
--;
SELECT department_id, manager_id, count(*) FROM hr.employees GROUP BY CUBE (department_id, manager_id)
--;
SELECT kind, count(*) FROM sales.events GROUP BY kind ORDER BY 2 DESC
--;
SELECT json_agg(d ORDER BY d.id) FROM hr.departments d
--;
SELECT jsonb_object_agg(status, n) FROM (SELECT status::text, count(*) AS n FROM sales.orders GROUP BY status) s

-- window functions
--;
SELECT id, customer_id, total, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) FROM sales.orders WHERE customer_id < 5
--;
SELECT id, ordered_at, sum(total) OVER (ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM sales.orders ORDER BY ordered_at LIMIT 20
--;
SELECT id, total, lag(total) OVER (ORDER BY id) AS prev, lead(total) OVER (ORDER BY id) AS next FROM sales.orders LIMIT 10
--;
SELECT name, salary, dense_rank() OVER w, percent_rank() OVER w FROM hr.employees WINDOW w AS (ORDER BY salary DESC)
--;
SELECT id, total, ntile(4) OVER (ORDER BY total) AS quartile FROM sales.orders
--;
SELECT department_id, name, salary, salary - avg(salary) OVER (PARTITION BY department_id) AS diff FROM hr.employees
--;
SELECT id, first_value(id) OVER (PARTITION BY status ORDER BY ordered_at), last_value(id) OVER (PARTITION BY status ORDER BY ordered_at RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sales.orders LIMIT 10
--;
SELECT date_trunc('day', occurred_at) AS day, count(*), avg(count(*)) OVER (ORDER BY date_trunc('day', occurred_at) ROWS 6 PRECEDING) FROM sales.events GROUP BY 1 ORDER BY 1
--;
SELECT customer_id, id, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at) AS nth FROM sales.orders ORDER BY customer_id, nth LIMIT 30
--;
SELECT name, cume_dist() OVER (ORDER BY salary) FROM hr.employees

-- CTEs
--;
--@ relations: sales.orders, sales.customers
WITH big AS (SELECT customer_id, sum(total) AS spent FROM sales.orders GROUP BY customer_id) SELECT c.name, b.spent FROM big b JOIN sales.customers c ON c.id = b.customer_id ORDER BY b.spent DESC LIMIT 5
--;
WITH monthly AS (SELECT date_trunc('month', ordered_at) AS m, sum(total) AS revenue FROM sales.orders GROUP BY 1) SELECT m, revenue, revenue - lag(revenue) OVER (ORDER BY m) AS growth FROM monthly ORDER BY m
--;
--@ relations: hr.employees
WITH RECURSIVE chain AS (SELECT id, name, manager_id, 1 AS level FROM hr.employees WHERE manager_id IS NULL UNION ALL SELECT e.id, e.name, e.manager_id, c.level + 1 FROM hr.employees e JOIN chain c ON e.manager_id = c.id) SELECT * FROM chain ORDER BY level, id
--;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n
--;
WITH a AS (SELECT id FROM sales.orders WHERE status = 'paid'), b AS (SELECT id FROM a WHERE id < 50) SELECT count(*) FROM b
--;
WITH x AS MATERIALIZED (SELECT * FROM sales.products) SELECT name FROM x WHERE price > 100
--;
WITH RECURSIVE subordinates AS (SELECT id, name FROM hr.employees WHERE id = 1 UNION SELECT e.id, e.name FROM hr.employees e JOIN subordinates s ON e.manager_id = s.id) SELECT count(*) FROM subordinates
--;
WITH stats AS (SELECT avg(price) AS avg_price, stddev(price) AS sd FROM sales.products) SELECT p.name, p.price FROM sales.products p, stats WHERE p.price > stats.avg_price + stats.sd

-- set operations
--;
SELECT name FROM sales.customers WHERE id < 3 UNION SELECT name FROM hr.employees WHERE id < 3
--;
SELECT customer_id FROM sales.orders WHERE status = 'paid' INTERSECT SELECT customer_id FROM sales.orders WHERE status = 'shipped'
--;
SELECT id FROM sales.customers EXCEPT SELECT customer_id FROM sales.orders
--;
SELECT 'orders' AS t, count(*) FROM sales.orders UNION ALL SELECT 'customers', count(*) FROM sales.customers UNION ALL SELECT 'products', count(*) FROM sales.products
--;
(SELECT id FROM sales.orders ORDER BY total DESC LIMIT 3) UNION ALL (SELECT id FROM sales.orders ORDER BY total LIMIT 3)

-- JSON
--;
--@ relations: sales.customers
SELECT id, profile->>'tier' AS tier FROM sales.customers LIMIT 10
--;
SELECT profile->'address'->>'city' AS city, count(*) FROM sales.customers GROUP BY 1 ORDER BY 2 DESC
--;
SELECT id, name FROM sales.customers WHERE profile @> '{"tier": "gold"}'
--;
SELECT id FROM sales.customers WHERE profile ? 'newsletter' LIMIT 3
--;
SELECT id, profile #>> '{address,zip}' AS zip FROM sales.customers WHERE id < 5
--;
SELECT (profile->>'newsletter')::boolean AS subscribed, count(*) FROM sales.customers GROUP BY 1
--;
SELECT id, attributes->>'colour' AS colour FROM sales.products WHERE (attributes->>'fragile')::boolean
--;
SELECT k, count(*) FROM sales.customers, jsonb_object_keys(profile) AS k GROUP BY k
--;
SELECT e.key, e.value FROM sales.customers c, jsonb_each_text(c.profile) e WHERE c.id = 1
--;
SELECT jsonb_pretty(profile) FROM sales.customers WHERE id = 1
--;
SELECT payload->>'page' AS page, count(*) FROM sales.events GROUP BY 1 ORDER BY 2 DESC LIMIT 5
--;
SELECT jsonb_build_object('id', id, 'name', name) FROM sales.customers LIMIT 3
--;
SELECT row_to_json(d) FROM hr.departments d
--;
SELECT json_agg(json_build_object('sku', sku, 'price', price) ORDER BY price DESC) FROM sales.products
--;
SELECT c_json -> 'b' -> 1, c_jsonb -> 'a' FROM type_samples WHERE label = 'typical'
--;
SELECT id FROM sales.customers WHERE profile->'address' ? 'zip' AND profile->>'tier' IN ('gold', 'silver') LIMIT 5
--;
SELECT jsonb_path_query_first(profile, '$.address.city') FROM sales.customers WHERE id = 3
--;
SELECT jsonb_array_elements(c_jsonb -> 'b') FROM type_samples WHERE label = 'typical'

-- dates and intervals
--;
SELECT id, ordered_at FROM sales.orders WHERE ordered_at > now() - INTERVAL '30 days'
--;
SELECT count(*) FROM sales.orders WHERE ordered_at >= date '2024-02-01' AND ordered_at < date '2024-03-01'
--;
SELECT id FROM sales.orders WHERE ordered_at > timestamptz '2024-03-01' - '1 week'::interval
--;
SELECT ordered_at AT TIME ZONE 'Europe/Berlin' AS local_time FROM sales.orders LIMIT 5
--;
SELECT date_trunc('week', ordered_at)::date AS week, count(*) FROM sales.orders GROUP BY 1 ORDER BY 1
--;
SELECT age(now(), created_at) FROM sales.customers WHERE id = 1
--;
SELECT to_char(ordered_at, 'YYYY-MM') AS month, count(*) FROM sales.orders GROUP BY 1 ORDER BY 1
--;
SELECT id, ordered_at + interval '2 hours' AS later FROM sales.orders LIMIT 3
--;
SELECT d::date FROM generate_series(date '2024-01-01', date '2024-01-31', interval '1 week') AS d
--;
SELECT extract(epoch FROM max(ordered_at) - min(ordered_at)) / 86400 AS days FROM sales.orders
--;
SELECT count(*) FROM sales.events WHERE occurred_at BETWEEN '2024-02-01' AND '2024-02-15'
--;
SELECT date_part('dow', occurred_at) AS dow, count(*) FROM sales.events GROUP BY 1 ORDER BY 1
--;
SELECT id FROM sales.orders WHERE ordered_at::date = '2024-01-05'
--;
SELECT CAST(ordered_at AS DATE) AS day, count(*) FROM sales.orders GROUP BY CAST(ordered_at AS DATE) ORDER BY 1 LIMIT 5
--;
SELECT justify_interval(c_interval) FROM type_samples WHERE c_interval IS NOT NULL
--;
SELECT make_date(2024, 2, 29), make_interval(days => 3)

-- SQL-standard time units: Calcite's parser loads its TimeFrames (and commons-math3) for these
--;
SELECT extract(month FROM now())
--;
SELECT 1 WHERE now() > now() - INTERVAL '3' HOUR
--;
--@ relations: sales.orders
SELECT id, ordered_at FROM sales.orders WHERE ordered_at > timestamptz '2024-03-01' - INTERVAL '3' HOUR ORDER BY id LIMIT 5
--;
SELECT count(*) FROM sales.orders WHERE ordered_at >= timestamptz '2024-03-01' - INTERVAL '7' DAY
--;
SELECT id, ordered_at + INTERVAL '90' MINUTE AS later FROM sales.orders ORDER BY id LIMIT 3
--;
SELECT count(*) FROM sales.events WHERE occurred_at < timestamptz '2024-02-01' + INTERVAL '30' SECOND
--;
SELECT count(*) FROM sales.orders WHERE ordered_at > timestamptz '2024-06-01' - INTERVAL '2' MONTH
--;
SELECT INTERVAL '1-2' YEAR TO MONTH AS a, INTERVAL '2 10:30' DAY TO MINUTE AS b
--;
SELECT EXTRACT(HOUR FROM ordered_at) AS h, count(*) FROM sales.orders GROUP BY EXTRACT(HOUR FROM ordered_at) ORDER BY 1
--;
SELECT EXTRACT(DOW FROM occurred_at) AS dow, EXTRACT(QUARTER FROM occurred_at) AS q, count(*) FROM sales.events GROUP BY 1, 2 ORDER BY 1, 2
--;
SELECT EXTRACT(EPOCH FROM INTERVAL '5' MINUTE) AS seconds
--;
SELECT EXTRACT(DAY FROM now() - created_at) AS days_since FROM sales.customers WHERE id = 1
--;
SELECT date_part('hour', ordered_at) AS h, date_part('year', ordered_at) AS y FROM sales.orders ORDER BY id LIMIT 5
--;
SELECT date_part('epoch', max(occurred_at) - min(occurred_at)) AS seconds FROM sales.events
--;
SELECT date_trunc('hour', occurred_at) AS hour, count(*) FROM sales.events GROUP BY 1 ORDER BY 1 LIMIT 10
--;
SELECT date_trunc('day', ordered_at, 'Europe/Berlin') AS day, count(*) FROM sales.orders GROUP BY 1 ORDER BY 1 LIMIT 5
--;
SELECT id, ordered_at AT TIME ZONE 'UTC' AS utc FROM sales.orders WHERE ordered_at AT TIME ZONE 'UTC' > timestamp '2024-02-01' ORDER BY id LIMIT 3
--;
SELECT date_trunc('month', ordered_at AT TIME ZONE 'America/New_York') AS month, sum(total) FROM sales.orders GROUP BY 1 ORDER BY 1
--;
SELECT (timestamp '2024-01-01 12:00' AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'UTC' AS converted
--;
SELECT (date '2024-01-01', date '2024-01-31') OVERLAPS (date '2024-01-15', date '2024-02-15') AS overlaps
--;
SELECT count(*) FROM sales.orders WHERE (ordered_at, ordered_at + INTERVAL '1' DAY) OVERLAPS (timestamptz '2024-02-01', timestamptz '2024-02-08')
--;
SELECT count(*) FROM sales.events WHERE (occurred_at, INTERVAL '2' HOUR) OVERLAPS (timestamptz '2024-01-10', INTERVAL '1' DAY)
--;
SELECT CURRENT_TIMESTAMP - INTERVAL '1' HOUR AS an_hour_ago, LOCALTIMESTAMP AS local_now, CURRENT_DATE + 1 AS tomorrow

-- DISTINCT ON, LATERAL
--;
--@ relations: sales.orders
SELECT DISTINCT ON (customer_id) customer_id, id, ordered_at FROM sales.orders ORDER BY customer_id, ordered_at DESC
--;
SELECT DISTINCT ON (status) status, id, total FROM sales.orders ORDER BY status, total DESC NULLS LAST
--;
SELECT c.name, last.id, last.ordered_at FROM sales.customers c CROSS JOIN LATERAL (SELECT id, ordered_at FROM sales.orders o WHERE o.customer_id = c.id ORDER BY ordered_at DESC LIMIT 1) last WHERE c.id < 10
--;
SELECT c.id, x.n FROM sales.customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM sales.orders o WHERE o.customer_id = c.id) x ON true ORDER BY x.n DESC LIMIT 5
--;
SELECT p.name, d.dim FROM sales.products p, LATERAL unnest(p.dimensions) AS d(dim) WHERE p.id = 1

-- arrays and ANY
--;
SELECT id, name FROM sales.customers WHERE 'vip' = ANY (tags)
--;
SELECT id FROM sales.customers WHERE tags @> ARRAY['vip']
--;
SELECT id FROM sales.customers WHERE tags && ARRAY['newsletter', 'wholesale'] LIMIT 5
--;
SELECT unnest(tags) AS tag, count(*) FROM sales.customers GROUP BY 1
--;
SELECT id, array_length(tags, 1) FROM sales.customers WHERE cardinality(tags) > 0 LIMIT 5
--;
SELECT id, dimensions[1] AS width FROM sales.products ORDER BY width DESC LIMIT 3
--;
SELECT id FROM sales.orders WHERE id = ANY (ARRAY[1, 2, 3])
--;
SELECT name FROM sales.products WHERE id = ANY ('{4,5,6}'::int[])
--;
SELECT array_to_string(tags, ';') FROM sales.customers WHERE id = 10
--;
SELECT dimensions[1:2] FROM sales.products WHERE id = 2
--;
SELECT id FROM sales.customers WHERE tags <@ ARRAY['vip', 'wholesale', 'newsletter'] LIMIT 3

-- generate_series (small)
--;
SELECT g FROM generate_series(1, 10) AS g
--;
SELECT d.day::date, count(o.id) FROM generate_series(timestamptz '2024-01-01', timestamptz '2024-01-14', '1 day') AS d(day) LEFT JOIN sales.orders o ON date_trunc('day', o.ordered_at) = d.day GROUP BY 1 ORDER BY 1
--;
SELECT n, n * n AS square FROM generate_series(1, 5) n
--;
SELECT * FROM generate_series(0, 100, 10)

-- full-text search
--;
SELECT id, note FROM sales.orders WHERE to_tsvector('english', coalesce(note, '')) @@ to_tsquery('english', 'ring')
--;
SELECT name FROM sales.products WHERE to_tsvector('simple', name) @@ plainto_tsquery('simple', 'gadget')
--;
SELECT id, ts_rank(to_tsvector('english', note), websearch_to_tsquery('english', 'gift wrap')) AS rank FROM sales.orders WHERE note IS NOT NULL ORDER BY rank DESC LIMIT 5
--;
SELECT ts_headline('english', note, to_tsquery('twice')) FROM sales.orders WHERE note LIKE '%twice%' LIMIT 2

-- strings, conditionals, types
--;
SELECT id, CASE WHEN total > 1000 THEN 'large' WHEN total > 300 THEN 'medium' ELSE 'small' END AS size FROM sales.orders LIMIT 10
--;
SELECT upper(name), length(name), substring(email FROM '@(.*)$') AS domain FROM sales.customers WHERE email IS NOT NULL LIMIT 5
--;
SELECT split_part(email, '@', 2) AS domain, count(*) FROM sales.customers GROUP BY 1
--;
SELECT coalesce(note, '(none)') FROM sales.orders LIMIT 5
--;
SELECT nullif(total, 0), greatest(total, 100), least(total, 100) FROM sales.orders LIMIT 3
--;
SELECT name || ' <' || email || '>' FROM sales.customers WHERE email IS NOT NULL LIMIT 3
--;
SELECT regexp_replace(name, '\s+\d+$', '') AS first_last FROM sales.customers LIMIT 5
--;
SELECT name FROM sales.customers WHERE name ~* '^ada'
--;
SELECT format('%s has %s orders', c.name, count(o.id)) FROM sales.customers c JOIN sales.orders o ON o.customer_id = c.id GROUP BY c.name LIMIT 3
--;
SELECT md5(email), left(customers.name, 3), right(products.name, 2), repeat('*', 3), reverse(sku) FROM sales.customers, sales.products WHERE customers.id = 1 AND products.id = 1
--;
SELECT c_uuid, c_inet, host(c_inet), c_int4range, upper(c_int4range) FROM type_samples
--;
SELECT c_bytea, encode(c_bytea, 'hex') FROM type_samples WHERE c_bytea IS NOT NULL
--;
SELECT c_enum, c_enum > 'sad'::mood FROM type_samples
--;
SELECT label, c_numeric::text, c_double FROM type_samples WHERE c_double = 'NaN'::float8 OR c_double > 1
--;
SELECT E'tab\there' AS escaped, $$dollar 'quoted'$$ AS dq, U&'\0041' AS u
--;
SELECT id, total::int AS whole FROM sales.orders WHERE total::int % 2 = 0 LIMIT 5
--;
SELECT round(price * 1.19, 2) AS gross FROM sales.products ORDER BY gross DESC LIMIT 3
--;
SELECT status::text, count(*) FROM sales.orders GROUP BY status::text
--;
SELECT width_bucket(total, 0, 2000, 4) AS bucket, count(*) FROM sales.orders GROUP BY 1 ORDER BY 1
--;
SELECT id FROM sales.orders WHERE (customer_id, status) IN ((8, 'paid'), (15, 'shipped'))
--;
SELECT id, total IS DISTINCT FROM NULL AS has_total FROM sales.orders LIMIT 3
--;
SELECT 'a' || 1, 7 / 2, 7 % 2, 2 ^ 10, |/ 16, @ -5

-- quoted mixed-case names
--;
--@ relations: Analytics.PageViews
SELECT "UserId", count(*) FROM "Analytics"."PageViews" GROUP BY "UserId" ORDER BY 2 DESC
--;
SELECT p."Path", min(p."ViewedAt") FROM "Analytics"."PageViews" AS p GROUP BY p."Path"
--;
SELECT * FROM "Analytics"."PageViews" WHERE "ViewedAt" > '2024-03-01 12:30' ORDER BY "ViewedAt" LIMIT 5
--;
SELECT pv."UserId", c.name FROM "Analytics"."PageViews" pv JOIN sales.customers c ON c.id = pv."UserId" LIMIT 5
--;
SELECT od.id, od.detail FROM "order details" od
--;
SELECT date_trunc('minute', "ViewedAt") AS minute, count(*) FROM "Analytics"."PageViews" GROUP BY 1 ORDER BY 1 LIMIT 10

-- views and materialized views
--;
--@ relations: sales.customer_order_totals
SELECT * FROM sales.customer_order_totals ORDER BY total_spent DESC LIMIT 10
--;
--@ relations: sales.monthly_revenue
SELECT month, revenue FROM sales.monthly_revenue ORDER BY month
--;
SELECT t.name, t.order_count FROM sales.customer_order_totals t WHERE t.order_count = 0
--;
SELECT sum(revenue) FROM sales.monthly_revenue WHERE month >= '2024-02-01'

-- partitioned table
--;
--@ relations: sales.events
SELECT kind, count(*) FROM sales.events WHERE occurred_at >= '2024-03-01' GROUP BY kind
--;
SELECT e.kind, c.name FROM sales.events e JOIN sales.customers c ON c.id = e.customer_id WHERE e.id < 5
--;
SELECT tableoid::regclass AS partition, count(*) FROM sales.events GROUP BY 1 ORDER BY 1

-- catalog queries
--;
SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2
--;
SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'sales' AND table_name = 'orders' ORDER BY ordinal_position
--;
SELECT schema_name FROM information_schema.schemata ORDER BY 1
--;
SELECT tc.constraint_name, kcu.column_name, ccu.table_name AS foreign_table FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'sales'
--;
SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'sales'::regnamespace ORDER BY 1
--;
SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hr'
--;
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'sales' ORDER BY 1
--;
SELECT schemaname, relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 5
--;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'sales.orders'::regclass
--;
SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = 'sales.customers'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
--;
SELECT pg_size_pretty(pg_total_relation_size('public.big_numbers'))
--;
SELECT obj_description('sales.orders'::regclass, 'pg_class')
--;
SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'order_status' ORDER BY e.enumsortorder
--;
SELECT viewname, definition FROM pg_views WHERE schemaname = 'sales'
--;
SELECT current_setting('search_path'), current_schema(), pg_backend_pid() > 0
--;
SELECT proname FROM pg_proc WHERE proname LIKE 'jsonb_path%' ORDER BY 1 LIMIT 5
--;
SELECT has_table_privilege('sales.orders', 'SELECT'), has_column_privilege('hr.employees', 'ssn', 'SELECT')
--;
SELECT datname FROM pg_database WHERE datname = current_database()

-- parameters
--;
--@ params: [42]
SELECT id, name FROM sales.customers WHERE id = $1
--;
--@ params: ["paid", 100, 5]
SELECT id FROM sales.orders WHERE status = $1 AND total > $2 ORDER BY id LIMIT $3
--;
--@ params: ["ada"]
SELECT name FROM sales.customers WHERE name ILIKE '%' || $1 || '%' LIMIT 5
--;
--@ params: ["2024-02-01T00:00:00Z"]
SELECT id FROM sales.orders WHERE ordered_at >= $1::timestamptz AND ordered_at < $1::timestamptz + interval '1 month'
--;
--@ params: [{"tier": "gold"}]
SELECT id FROM sales.customers WHERE profile @> $1::jsonb
--;
--@ params: ["{1,2,3}"]
SELECT id FROM sales.orders WHERE id = ANY ($1::bigint[])

-- misc
--;
SELECT id, total FROM sales.orders ORDER BY total DESC NULLS LAST OFFSET 10 FETCH FIRST 5 ROWS ONLY
--;
SELECT id FROM sales.orders ORDER BY id LIMIT 5 OFFSET 5
--;
SELECT count(*) AS n, count(*) FILTER (WHERE status = 'cancelled') * 100.0 / count(*) AS cancelled_pct FROM sales.orders
--;
SELECT id, total, sum(total) OVER () AS grand_total, round(100 * total / sum(total) OVER (), 2) AS share FROM sales.orders ORDER BY total DESC NULLS LAST LIMIT 5
--;
SELECT x.* FROM (VALUES (1, 'a'), (2, 'b')) AS x(n, s)
--;
SELECT * FROM sales.products TABLESAMPLE SYSTEM (50) REPEATABLE (1) LIMIT 1
--;
SELECT c.name FROM sales.customers c WHERE c.id IN (SELECT customer_id FROM sales.orders GROUP BY customer_id HAVING count(*) >= 3) ORDER BY c.name
--;
SELECT o.status, c.profile->>'tier' AS tier, count(*) FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id GROUP BY 1, 2 ORDER BY 1, 2
--;
SELECT id, val FROM big_numbers ORDER BY id DESC LIMIT 3
--;
SELECT label, count(*) FROM big_numbers WHERE id <= 10000 GROUP BY label ORDER BY 2 DESC LIMIT 3
--;
SELECT random() < 2 AS always, gen_random_uuid() IS NOT NULL AS has_uuid
--;
SELECT pg_typeof(total), pg_typeof(ordered_at) FROM sales.orders LIMIT 1
--;
SELECT EXISTS (SELECT 1 FROM sales.orders WHERE status = 'pending') AS any_pending
--;
SELECT e.name, d.name AS department FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id WHERE e.salary > (SELECT avg(salary) FROM hr.employees x WHERE x.department_id = e.department_id)
--;
SELECT p.id, p.name FROM sales.products p WHERE NOT EXISTS (SELECT 1 FROM sales.order_items i WHERE i.product_id = p.id)
