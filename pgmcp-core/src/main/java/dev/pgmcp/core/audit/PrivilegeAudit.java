package dev.pgmcp.core.audit;

import static dev.pgmcp.core.jdbc.SqlArrays.strings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads what the connected role may do, for the start-up check and the {@code check} command. */
public final class PrivilegeAudit {

    /** Predefined roles whose members can reach files, programs or other sessions. */
    static final List<String> DANGEROUS_ROLES = List.of("pg_read_server_files", "pg_write_server_files",
            "pg_execute_server_program", "pg_signal_backend");

    /** Functions that act outside the read-only transaction, by signature. */
    static final List<String> SIDE_EFFECT_FUNCTIONS = List.of(
            "pg_catalog.pg_terminate_backend(integer,bigint)", "pg_catalog.pg_cancel_backend(integer)",
            "pg_catalog.pg_advisory_lock(bigint)", "pg_catalog.pg_try_advisory_lock(bigint)",
            "pg_catalog.pg_sleep(double precision)", "pg_catalog.pg_notify(text,text)",
            "pg_catalog.set_config(text,text,boolean)", "pg_catalog.txid_current()",
            "pg_catalog.pg_current_xact_id()", "pg_catalog.lo_import(text)", "pg_catalog.lo_export(oid,text)",
            "pg_catalog.lo_create(oid)", "pg_catalog.lo_from_bytea(oid,bytea)", "pg_catalog.pg_read_file(text)",
            "pg_catalog.pg_read_binary_file(text)", "pg_catalog.pg_ls_dir(text)", "pg_catalog.pg_reload_conf()",
            "pg_catalog.pg_stat_reset()", "pg_catalog.pg_rotate_logfile()", "public.dblink_connect(text)",
            "public.dblink_exec(text)", "public.dblink(text,text)");

    /**
     * Extensions with functions that run SQL text given as an argument (the plan shows only a function
     * scan), and a pattern for those functions' names.
     */
    static final java.util.Map<String, String> SQL_TEXT_FUNCTIONS = java.util.Map.of(
            "tablefunc", "^(crosstab[0-9]*|connectby)$", "dblink", "^dblink", "xml2", "^xpath_table$");

    private static final String SQL_TEXT = "SELECT e.extname, pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, "
            + "pg_catalog.pg_get_function_identity_arguments(p.oid)) "
            + "FROM pg_catalog.pg_extension e "
            + "JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
            + "  AND d.refobjid = e.oid AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.deptype = 'e' "
            + "JOIN pg_catalog.pg_proc p ON p.oid = d.objid "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
            + "JOIN unnest(?::text[], ?::text[]) AS w(extname, pattern) ON w.extname = e.extname AND p.proname ~ w.pattern "
            + "WHERE pg_catalog.has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1, 2";

    private static final String ROLE = "SELECT current_user, r.rolsuper, r.rolbypassrls, "
            + "current_setting('server_version'), "
            + "ARRAY(SELECT s.rolname::text FROM pg_catalog.pg_roles s WHERE s.rolsuper AND s.rolname <> current_user "
            + "  AND pg_catalog.pg_has_role(current_user, s.oid, 'MEMBER') ORDER BY 1), "
            + "ARRAY(SELECT g FROM unnest(?::text[]) g WHERE pg_catalog.pg_has_role(current_user, g, 'MEMBER')) "
            + "FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";

    private static final String WRITABLE = "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), count(*) OVER () "
            + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p', 'v', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname !~ '^pg_toast' AND (has_table_privilege(c.oid, 'INSERT') "
            + "OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') "
            + "OR has_table_privilege(c.oid, 'TRUNCATE')) ORDER BY 1 LIMIT 20";

    /**
     * Relations the role owns, or inherits the owner's rights to: with the statement that gives each
     * another owner. An owner passes every privilege check on its relations (it may grant itself back
     * what was revoked), and index maintenance functions write to them in a read-only transaction.
     */
    private static final String OWNED = "SELECT pg_catalog.format('ALTER %s %I.%I OWNER TO', CASE c.relkind "
            + "WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' "
            + "WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, n.nspname, c.relname), count(*) OVER () "
            + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
            + "AND pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY 1 LIMIT 20";

    private static final String FUNCTIONS = "SELECT f FROM unnest(?::text[]) f "
            + "WHERE pg_catalog.to_regprocedure(f) IS NOT NULL "
            + "AND pg_catalog.has_function_privilege(pg_catalog.to_regprocedure(f), 'EXECUTE')";

    /** The login session's {@code log_min_messages}: readable by every role, set per role by a superuser. */
    private static final String LOG_MIN_MESSAGES = "SELECT pg_catalog.current_setting('log_min_messages')";

    private PrivilegeAudit() {
    }

    /** Audits the role of the data source's connections. */
    public static PrivilegeReport run(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                return run(connection);
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            }
        }
    }

    static PrivilegeReport run(Connection connection) throws SQLException {
        String role;
        String version;
        boolean superuser;
        boolean bypassRls;
        List<String> superuserRoles;
        List<String> dangerousRoles;
        try (var ps = connection.prepareStatement(ROLE)) {
            ps.setArray(1, connection.createArrayOf("text", DANGEROUS_ROLES.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                role = rs.getString(1);
                superuser = rs.getBoolean(2);
                bypassRls = rs.getBoolean(3);
                version = rs.getString(4);
                superuserRoles = strings(rs.getArray(5));
                dangerousRoles = strings(rs.getArray(6));
            }
        }
        List<String> writable = new ArrayList<>();
        int writableCount = 0;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(WRITABLE)) {
            while (rs.next()) {
                writable.add(rs.getString(1));
                writableCount = rs.getInt(2);
            }
        }
        List<String> functions = new ArrayList<>();
        try (var ps = connection.prepareStatement(FUNCTIONS)) {
            ps.setArray(1, connection.createArrayOf("text", SIDE_EFFECT_FUNCTIONS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    functions.add(rs.getString(1).replace("pg_catalog.", ""));
                }
            }
        }
        List<String> owned = new ArrayList<>();
        int ownedCount = 0;
        if (!superuser) { // a superuser passes every check anyway, and is refused for that
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(OWNED)) {
                while (rs.next()) {
                    owned.add(rs.getString(1));
                    ownedCount = rs.getInt(2);
                }
            }
        }
        java.util.Map<String, List<String>> sqlText = new java.util.TreeMap<>();
        try (var ps = connection.prepareStatement(SQL_TEXT)) {
            List<String> names = new ArrayList<>(SQL_TEXT_FUNCTIONS.keySet());
            ps.setArray(1, connection.createArrayOf("text", names.toArray()));
            ps.setArray(2, connection.createArrayOf("text", names.stream().map(SQL_TEXT_FUNCTIONS::get).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sqlText.computeIfAbsent(rs.getString(1), e -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        String logMinMessages;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(LOG_MIN_MESSAGES)) {
            rs.next();
            logMinMessages = rs.getString(1);
        }
        return new PrivilegeReport(role, version, superuser, bypassRls, superuserRoles, dangerousRoles, writable,
                writableCount, functions, owned, ownedCount, sqlText, logMinMessages);
    }

}
