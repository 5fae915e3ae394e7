package dev.pgmcp.policy.attacks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an attack could change, read in one query through a separate superuser connection
 * (autocommit, never used by pgmcp). Two snapshots compare equal when nothing observable changed;
 * the map keys name what differs.
 */
public final class AttackDatabaseState {

    /** Client sessions of the fixture database other than the observer: pgmcp's pools, mostly. */
    public static final String OTHER_CLIENTS = "a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() "
            + "AND a.datname = current_database()";

    private static final String QUERY = "SELECT "
            // Fixture data
            + "(SELECT count(*) FROM sales.orders) AS \"sales.orders rows\", "
            + "(SELECT md5(string_agg(id || ':' || status || ':' || coalesce(total::text, '') || ':' "
            + "  || coalesce(note, ''), ',' ORDER BY id)) FROM sales.orders) AS \"sales.orders checksum\", "
            + "(SELECT count(*) FROM sales.customers) AS \"sales.customers rows\", "
            + "(SELECT count(*) FROM sales.products) AS \"sales.products rows\", "
            + "(SELECT count(*) FROM sales.order_items) AS \"sales.order_items rows\", "
            + "(SELECT count(*) FROM sales.events) AS \"sales.events rows\", "
            + "(SELECT count(*) FROM sales.monthly_revenue) AS \"sales.monthly_revenue rows\", "
            + "(SELECT count(*) FROM hr.employees) AS \"hr.employees rows\", "
            + "(SELECT count(*) FROM hr.departments) AS \"hr.departments rows\", "
            + "(SELECT count(*) FROM \"Analytics\".\"PageViews\") AS \"Analytics.PageViews rows\", "
            + "(SELECT count(*) FROM public.\"order details\") AS \"public.order details rows\", "
            + "(SELECT count(*) FROM public.type_samples) AS \"public.type_samples rows\", "
            + "(SELECT count(*) FROM public.audit_log) AS \"public.audit_log rows\", "
            + "(SELECT md5(string_agg(id || ':' || msg, ',' ORDER BY id)) FROM public.audit_log) "
            + "  AS \"public.audit_log checksum\", "
            + "(SELECT last_value || ' ' || is_called FROM public.counter_seq) AS \"public.counter_seq last_value is_called\", "
            // Schema objects
            + "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast') "
            + "  AS \"relations in user schemas\", "
            + "(SELECT md5(string_agg(c.oid || ':' || c.relname || ':' || c.relkind::text || ':' || c.relowner || ':' "
            + "  || c.relnatts || ':' || coalesce(c.relacl::text, '') || ':' || c.relrowsecurity, ',' ORDER BY c.oid)) "
            + "  FROM pg_class c WHERE c.oid >= 16384) AS \"user relations checksum\", "
            + "(SELECT count(*) FROM pg_attribute WHERE attrelid >= 16384) AS \"user columns\", "
            + "(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            + "  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) AS \"functions in user schemas\", "
            + "(SELECT count(*) FROM pg_namespace) AS \"schemas\", "
            + "(SELECT md5(string_agg(nspname || ':' || nspowner || ':' || coalesce(nspacl::text, ''), ',' "
            + "  ORDER BY nspname)) FROM pg_namespace) AS \"schemas checksum\", "
            + "(SELECT count(*) FROM pg_trigger) AS \"triggers\", "
            + "(SELECT count(*) FROM pg_rewrite) AS \"rules\", "
            + "(SELECT count(*) FROM pg_policy) AS \"row security policies\", "
            + "(SELECT count(*) FROM pg_extension) AS \"extensions\", "
            + "(SELECT count(*) FROM pg_database) AS \"databases\", "
            + "(SELECT md5(string_agg(objoid || ':' || classoid || ':' || objsubid || ':' || description, ',' "
            + "  ORDER BY objoid, classoid, objsubid)) FROM pg_description WHERE objoid >= 16384) AS \"comments\", "
            // Roles and settings stored in catalogs or files
            + "(SELECT count(*) FROM pg_roles) AS \"roles\", "
            + "(SELECT md5(string_agg(rolname || ':' || rolsuper || rolinherit || rolcreaterole || rolcreatedb "
            + "  || rolcanlogin || rolreplication || rolbypassrls, ',' ORDER BY rolname)) FROM pg_roles) "
            + "  AS \"roles checksum\", "
            + "(SELECT count(*) FROM pg_auth_members) AS \"role memberships\", "
            + "(SELECT count(*) FROM pg_db_role_setting) AS \"per-role and per-database settings\", "
            + "(SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf') "
            + "  AS \"ALTER SYSTEM settings\", "
            // Index pages that maintenance functions change from a read-only transaction (pageinspect)
            + "(SELECT traps.index_pages()) AS \"owned.readings index pages\", "
            // State outside the transaction
            + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory') AS \"advisory locks (anyone)\", "
            + "(SELECT count(*) || coalesce(': ' || string_agg(coalesce(a.usename, '?') || ' holds ' || l.locktype || ' ' || l.mode, "
            + "  '; '), '') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE " + OTHER_CLIENTS
            + ") AS \"locks held by other client sessions\", "
            + "(SELECT count(*) || coalesce(': ' || string_agg(coalesce(a.usename, '?') || ' ' || coalesce(a.state, '?') || ' after ' || left(a.query, 60), '; '), '') "
            + "  FROM pg_stat_activity a WHERE " + OTHER_CLIENTS
            + "  AND a.state IS DISTINCT FROM 'idle') AS \"client sessions not idle (e.g. idle in transaction)\", "
            + "(SELECT count(*) FROM pg_largeobject_metadata) AS \"large objects\", "
            + "(SELECT count(*) FROM pg_prepared_xacts) AS \"prepared transactions\", "
            + "(SELECT count(*) FROM pg_replication_slots) AS \"replication slots\", "
            + "(SELECT count(*) FROM pg_replication_origin) AS \"replication origins\", "
            + "(SELECT count(*) FROM pg_publication) AS \"publications\", "
            + "(SELECT coalesce(stats_reset::text, 'never') FROM pg_stat_database WHERE datname = current_database()) "
            + "  AS \"database statistics reset at\"";

    private final Map<String, String> values;

    private AttackDatabaseState(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static AttackDatabaseState capture(Connection observer) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Statement statement = observer.createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
            rs.next();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.put(meta.getColumnLabel(i), rs.getString(i));
            }
        }
        return new AttackDatabaseState(values);
    }

    public Map<String, String> values() {
        return values;
    }

    public String get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no state value " + key);
        }
        return values.get(key);
    }
}
