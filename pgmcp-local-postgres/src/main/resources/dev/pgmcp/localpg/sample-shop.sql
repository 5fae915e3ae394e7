-- pgmcp demo dataset: a small online shop in schema "shop".
-- Deterministic (no random()), re-runnable (drops and recreates the schema), loads in well under a second.
-- Also creates the login role pgmcp_demo, which may only read schema shop, and revokes EXECUTE on the
-- functions with side effects from PUBLIC (docs/role-setup.md).

DROP SCHEMA IF EXISTS shop CASCADE;
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'A small online shop: customers, a product catalogue and their orders.';

CREATE TABLE shop.categories (
    id        integer PRIMARY KEY,
    name      text    NOT NULL UNIQUE,
    parent_id integer REFERENCES shop.categories (id)
);
COMMENT ON TABLE shop.categories IS 'Product categories; a category may have a parent category.';
COMMENT ON COLUMN shop.categories.parent_id IS 'The enclosing category, NULL for top-level categories.';

INSERT INTO shop.categories (id, name, parent_id) VALUES
    (1, 'Kitchen', NULL),
    (2, 'Garden', NULL),
    (3, 'Office', NULL),
    (4, 'Cookware', 1),
    (5, 'Tableware', 1),
    (6, 'Tools', 2),
    (7, 'Plants', 2),
    (8, 'Stationery', 3);

CREATE TABLE shop.customers (
    id           bigint      PRIMARY KEY,
    email        text        NOT NULL UNIQUE,
    full_name    text        NOT NULL,
    country      char(2)     NOT NULL,
    signed_up_at timestamptz NOT NULL,
    preferences  jsonb       NOT NULL DEFAULT '{}',
    tags         text[]      NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE shop.customers IS 'People who have an account in the shop.';
COMMENT ON COLUMN shop.customers.email IS 'Login and contact address; unique.';
COMMENT ON COLUMN shop.customers.country IS 'ISO 3166-1 alpha-2 country code of the billing address.';
COMMENT ON COLUMN shop.customers.preferences IS 'Free-form settings, e.g. {"newsletter": true, "language": "en"}.';
COMMENT ON COLUMN shop.customers.tags IS 'Marketing segments the customer belongs to.';

INSERT INTO shop.customers (id, email, full_name, country, signed_up_at, preferences, tags)
SELECT g,
       lower(f.first) || '.' || lower(l.last) || g || '@example.com',
       f.first || ' ' || l.last,
       (ARRAY['DE', 'FR', 'GB', 'US', 'NL', 'SE', 'ES', 'IT'])[1 + g % 8],
       timestamptz '2023-01-01 09:00:00+00' + (g * interval '2 days 3 hours 17 minutes'),
       jsonb_build_object('newsletter', g % 3 = 0,
                          'language', (ARRAY['en', 'de', 'fr'])[1 + g % 3],
                          'currency', CASE WHEN g % 4 = 0 THEN 'USD' ELSE 'EUR' END),
       CASE WHEN g % 10 = 0 THEN ARRAY['vip', 'early-adopter']
            WHEN g % 5 = 0 THEN ARRAY['vip']
            WHEN g % 7 = 0 THEN ARRAY['wholesale']
            ELSE ARRAY[]::text[] END
FROM generate_series(1, 120) AS g
CROSS JOIN LATERAL (SELECT (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken',
                                  'Frances', 'John', 'Radia', 'Tim'])[1 + g % 12] AS first) AS f
CROSS JOIN LATERAL (SELECT (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton',
                                  'Thompson', 'Allen', 'Backus', 'Perlman'])[1 + (g / 12) % 11] AS last) AS l;

CREATE TABLE shop.products (
    id          integer       PRIMARY KEY,
    sku         text          NOT NULL UNIQUE,
    name        text          NOT NULL,
    category_id integer       NOT NULL REFERENCES shop.categories (id),
    price       numeric(10,2) NOT NULL CHECK (price >= 0),
    attributes  jsonb         NOT NULL DEFAULT '{}',
    tags        text[]        NOT NULL DEFAULT '{}',
    active      boolean       NOT NULL DEFAULT true
);
COMMENT ON TABLE shop.products IS 'The product catalogue.';
COMMENT ON COLUMN shop.products.sku IS 'Stock keeping unit, the code printed on the package.';
COMMENT ON COLUMN shop.products.price IS 'Current unit price in EUR, VAT included.';
COMMENT ON COLUMN shop.products.attributes IS 'Product-specific facts such as colour, material and weight in grams.';
COMMENT ON COLUMN shop.products.active IS 'False once the product is no longer sold.';

INSERT INTO shop.products (id, sku, name, category_id, price, attributes, tags, active)
SELECT g,
       'SKU-' || lpad(g::text, 5, '0'),
       (ARRAY['Classic', 'Compact', 'Deluxe', 'Eco', 'Pro'])[1 + g % 5] || ' '
           || (ARRAY['Frying Pan', 'Plate Set', 'Spade', 'Fern', 'Notebook', 'Saucepan', 'Mug', 'Pruning Shears',
                     'Olive Tree', 'Fountain Pen'])[1 + g % 10],
       (ARRAY[4, 5, 6, 7, 8, 4, 5, 6, 7, 8])[1 + g % 10],
       round((4.99 + (g * 7.31) % 120)::numeric, 2),
       jsonb_build_object('colour', (ARRAY['black', 'white', 'green', 'red', 'blue'])[1 + g % 5],
                          'weight_g', 100 + (g * 37) % 2400,
                          'material', (ARRAY['steel', 'ceramic', 'wood', 'paper'])[1 + g % 4]),
       CASE WHEN g % 6 = 0 THEN ARRAY['bestseller', 'gift'] WHEN g % 4 = 0 THEN ARRAY['new'] ELSE ARRAY[]::text[] END,
       g % 13 <> 0
FROM generate_series(1, 40) AS g;

CREATE TABLE shop.orders (
    id               bigint      PRIMARY KEY,
    customer_id      bigint      NOT NULL REFERENCES shop.customers (id),
    status           text        NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    ordered_at       timestamptz NOT NULL,
    shipping_country char(2)     NOT NULL
);
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id);
CREATE INDEX orders_ordered_at_idx ON shop.orders (ordered_at);
COMMENT ON TABLE shop.orders IS 'One row per checkout.';
COMMENT ON COLUMN shop.orders.status IS 'pending -> paid -> shipped -> delivered, or cancelled.';

INSERT INTO shop.orders (id, customer_id, status, ordered_at, shipping_country)
SELECT g,
       1 + (g * 37) % 120,
       CASE WHEN g % 17 = 0 THEN 'cancelled'
            WHEN g > 380 THEN 'pending'
            WHEN g > 360 THEN 'paid'
            WHEN g > 330 THEN 'shipped'
            ELSE 'delivered' END,
       timestamptz '2024-01-01 08:00:00+00' + (g * interval '21 hours 13 minutes'),
       (ARRAY['DE', 'FR', 'GB', 'US', 'NL', 'SE', 'ES', 'IT'])[1 + ((g * 37) % 120 + 1) % 8]
FROM generate_series(1, 400) AS g;

CREATE TABLE shop.order_items (
    order_id   bigint        NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    line_no    integer       NOT NULL,
    product_id integer       NOT NULL REFERENCES shop.products (id),
    quantity   integer       NOT NULL CHECK (quantity > 0),
    unit_price numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
COMMENT ON TABLE shop.order_items IS 'The lines of an order.';
COMMENT ON COLUMN shop.order_items.unit_price IS 'Price per unit when the order was placed.';

INSERT INTO shop.order_items (order_id, line_no, product_id, quantity, unit_price)
SELECT o.id, l.line_no, p.id, 1 + (o.id + l.line_no) % 4, p.price
FROM shop.orders AS o
CROSS JOIN LATERAL generate_series(1, 1 + (o.id % 4)::integer) AS l(line_no)
JOIN shop.products AS p ON p.id = 1 + (o.id * 7 + l.line_no * 11) % 40;

CREATE VIEW shop.order_totals AS
SELECT o.id AS order_id,
       o.customer_id,
       o.status,
       o.ordered_at,
       count(i.line_no)                          AS item_lines,
       coalesce(sum(i.quantity), 0)              AS units,
       coalesce(sum(i.quantity * i.unit_price), 0)::numeric(12,2) AS total
FROM shop.orders AS o
LEFT JOIN shop.order_items AS i ON i.order_id = o.id
GROUP BY o.id;
COMMENT ON VIEW shop.order_totals IS 'Orders with their number of lines, units and total amount in EUR.';

-- The role the demo connects as: it can log in and read schema shop, nothing more.
DO $$
BEGIN
    CREATE ROLE pgmcp_demo LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
ALTER ROLE pgmcp_demo LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT USAGE ON SCHEMA shop TO pgmcp_demo;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO pgmcp_demo;
-- PostgreSQL logs each error whole, as long as the value that caused it: keep the role's errors out of the log.
ALTER ROLE pgmcp_demo SET log_min_messages = log;
-- Functions with side effects outside a read-only transaction: every role may call them through PUBLIC.
-- The database is a throwaway one that only the demo uses, so revoke them as docs/role-setup.md recommends.
REVOKE EXECUTE ON FUNCTION
    pg_catalog.pg_advisory_lock(bigint), pg_catalog.pg_advisory_lock(integer, integer),
    pg_catalog.pg_try_advisory_lock(bigint), pg_catalog.pg_try_advisory_lock(integer, integer),
    pg_catalog.pg_advisory_lock_shared(bigint), pg_catalog.pg_try_advisory_lock_shared(bigint),
    pg_catalog.pg_sleep(double precision), pg_catalog.pg_notify(text, text),
    pg_catalog.set_config(text, text, boolean), pg_catalog.txid_current(), pg_catalog.pg_current_xact_id(),
    pg_catalog.lo_create(oid), pg_catalog.lo_from_bytea(oid, bytea),
    pg_catalog.pg_terminate_backend(integer, bigint), pg_catalog.pg_cancel_backend(integer)
FROM PUBLIC;

ANALYZE shop.categories, shop.customers, shop.products, shop.orders, shop.order_items;
