package dev.pgmcp.policy.functions;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Functions that act outside a read-only transaction, or run SQL that pgmcp never sees, grouped by
 * what they do. A name matches exactly or, for the families below, by prefix. Matching ignores the
 * schema on purpose: a function of the same name elsewhere on the search path is refused too.
 */
public final class SideEffectFunctions {

    /** Why a family of functions is denied, and its names or name prefixes (ending in '*'). */
    private record Family(String reason, List<String> names) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("takes advisory locks", List.of("pg_advisory_*", "pg_try_advisory_*")),
            new Family("signals other sessions", List.of("pg_terminate_backend", "pg_cancel_backend",
                    "pg_signal_backend", "pg_log_backend_memory_contexts")),
            new Family("sleeps and holds a connection", List.of("pg_sleep", "pg_sleep_for", "pg_sleep_until")),
            new Family("opens a connection whose session is not read-only", List.of("dblink*")),
            new Family("creates, changes or exports large objects", List.of("lo_*", "lowrite", "loread")),
            new Family("sends notifications", List.of("pg_notify")),
            new Family("reads or writes server files", List.of("pg_read_file", "pg_read_binary_file", "pg_ls_*",
                    "pg_stat_file", "pg_file_*", "pg_logdir_ls")),
            new Family("changes settings", List.of("set_config")),
            new Family("seeds random() for the rest of the session", List.of("setseed")),
            new Family("assigns a transaction ID", List.of("txid_current*", "pg_current_xact_id*")),
            new Family("changes sequences", List.of("nextval", "setval")),
            new Family("reloads or rotates server configuration", List.of("pg_reload_conf", "pg_rotate_logfile")),
            new Family("resets statistics", List.of("pg_stat_reset*")),
            new Family("manages replication, WAL or backups", List.of("pg_create_physical_replication_slot",
                    "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_*_replication_slot",
                    "pg_replication_slot_advance", "pg_logical_slot_*", "pg_logical_emit_message",
                    "pg_replication_origin_*", "pg_switch_wal", "pg_create_restore_point", "pg_backup_*",
                    "pg_start_backup", "pg_stop_backup", "pg_promote", "pg_wal_replay_*",
                    "pg_import_system_collations")),
            new Family("runs SQL text that pgmcp cannot check", List.of("query_to_xml", "query_to_xml_and_xmlschema",
                    "query_to_xmlschema", "cursor_to_xml", "cursor_to_xmlschema", "table_to_xml",
                    "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xml_and_xmlschema",
                    "database_to_xml", "database_to_xml_and_xmlschema", "ts_stat", "ts_rewrite")));

    private SideEffectFunctions() {
    }

    /** Why {@code name} is denied, or empty when it is not on the list. Case matters as in PostgreSQL. */
    public static Optional<String> reasonFor(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Family family : FAMILIES) {
            for (String pattern : family.names()) {
                boolean matches = pattern.endsWith("*")
                        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                        : name.equals(pattern);
                if (matches) {
                    return Optional.of(family.reason());
                }
            }
        }
        return Optional.empty();
    }

    /** Every exact name and prefix, for documentation. */
    public static List<String> patterns() {
        return FAMILIES.stream().flatMap(f -> f.names().stream()).map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
