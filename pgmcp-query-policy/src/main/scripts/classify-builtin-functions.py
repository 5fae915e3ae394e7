#!/usr/bin/env python3
"""Generates builtin-functions.tsv, pgmcp's classification of PostgreSQL's built-in functions.

Usage (against a fresh PostgreSQL server of the version to classify, nothing installed):

    psql -h 127.0.0.1 -U postgres -AtF $'\\t' -c "$(python3 classify-builtin-functions.py --query)" \\
        | python3 classify-builtin-functions.py > \\
          ../resources/dev/pgmcp/policy/functions/builtin-functions.tsv

The query lists every function created by initdb (OID below 16384, FirstNormalObjectId) with the
facts the rules below need. The rules refuse what has effects outside the read-only transaction
or runs SQL text, mark what reveals catalog objects, and let the rest read. The output is then
reviewed by hand, and the review is kept in the rules (REFUSE, CATALOG, REG_READ, EXTRA) so that
regenerating gives the same file. Names of other PostgreSQL versions (13 to 17) that the test
server lacks are added from EXTRA, so that those versions are served without refusing common
functions; anything else unknown is refused at run time.
"""
import re
import sys

QUERY = r"""
SELECT CASE WHEN n.nspname = 'pg_catalog' THEN p.proname ELSE n.nspname || '.' || p.proname END,
       bool_and('internal'::regtype = ANY (p.proargtypes::oid[]) OR p.prorettype IN (
           'internal'::regtype, 'trigger'::regtype, 'event_trigger'::regtype, 'language_handler'::regtype,
           'fdw_handler'::regtype, 'index_am_handler'::regtype, 'table_am_handler'::regtype)),
       bool_or(p.prorettype = 'tsm_handler'::regtype),
       bool_or('cstring'::regtype = ANY (p.proargtypes::oid[]) AND 'oid'::regtype = ANY (p.proargtypes::oid[])),
       bool_or(EXISTS (SELECT FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type e
                                   ON e.oid = t.typelem AND t.typsubscript <> 0
                       WHERE (t.oid = p.prorettype OR t.oid = ANY (p.proargtypes::oid[])
                              OR t.oid = ANY (coalesce(p.proallargtypes, '{}')))
                         AND coalesce(e.typname, t.typname) IN ('regclass', 'regcollation', 'regconfig',
                             'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc',
                             'regprocedure', 'regrole', 'regtype')))
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.oid < 16384
GROUP BY 1 ORDER BY 1
"""

# Refused names, by reason (the agent sees the reason). Regular expressions over the name.
REFUSE = [
    ("takes or releases advisory locks, which outlive the transaction and block other sessions",
     r"pg_(try_)?advisory_.*"),
    ("signals other server processes", r"pg_(terminate|cancel|signal)_backend|pg_log_backend_memory_contexts"),
    ("sleeps, holding a connection until the statement timeout", r"pg_sleep.*"),
    ("reads or changes large objects, which no table rule covers", r"lo_.*|loread|lowrite|be_lo_.*"),
    ("sends a notification to other sessions", r"pg_notify"),
    ("reads server files or the server's configuration files",
     r"pg_read_file.*|pg_read_binary_file|pg_ls_.*|pg_stat_file|pg_current_logfile|pg_hba_file_rules"
     r"|pg_ident_file_mappings|pg_show_all_file_settings|pg_config"),
    ("changes settings, the current role included (set_config('role', ...))", r"set_config"),
    ("fixes the random() sequence for later callers of the same pooled connection", r"setseed"),
    ("assigns a transaction ID, which the rollback does not give back", r"txid_current|pg_current_xact_id"),
    ("advances a sequence, which the rollback does not undo", r"nextval|setval"),
    ("reloads or rotates the server configuration or log", r"pg_reload_conf|pg_rotate_logfile.*"),
    ("resets or flushes statistics", r"pg_stat_reset.*|pg_stat_clear_snapshot|pg_stat_force_next_flush"),
    ("controls replication, WAL, backups or snapshots shared with other sessions",
     r"pg_(create|drop|copy)_.*replication_slot|pg_replication_slot_advance|pg_logical_.*|pg_replication_origin_.*"
     r"|pg_switch_wal|pg_create_restore_point|pg_backup_.*|pg_start_backup|pg_stop_backup|pg_promote"
     r"|pg_wal_replay_(pause|resume)|pg_export_snapshot|pg_log_standby_snapshot|pg_sync_replication_slots"),
    ("runs SQL text or reads whole tables where pgmcp cannot check it (the plan shows only a function call)",
     r"query_to_xml.*|cursor_to_xml.*|table_to_xml|table_to_xml_and_xmlschema|schema_to_xml"
     r"|schema_to_xml_and_xmlschema|database_to_xml|database_to_xml_and_xmlschema|ts_stat|ts_rewrite"),
    ("changes index pages and takes a ShareUpdateExclusive lock, and the change survives the rollback",
     r"brin_summarize_new_values|brin_summarize_range|brin_desummarize_range|gin_clean_pending_list"),
    ("changes the catalog (initdb, binary upgrade or extension scripts only)",
     r"binary_upgrade_.*|pg_nextoid|pg_stop_making_pinned_objects|pg_extension_config_dump"
     r"|pg_import_system_collations"),
    ("shows the SQL text that other sessions run, other pgmcp callers' queries and their literals included",
     r"pg_stat_get_activity|pg_stat_get_backend_activity"),
    ("works only inside an event trigger", r"pg_event_trigger_.*"),
    ("is an ODBC support function that reads a table by name, past pgmcp's table rules", r"currtid2?"),
    ("validates operator classes, functions or options, an administration task", r"amvalidate|.*_validator"),
]

# Names that reveal catalog objects (definitions, comments, sizes, statistics, privileges, other
# sessions) by name or OID: refused in profiles that hide objects, allowed otherwise.
CATALOG = [
    ("shows definitions of catalog objects, hidden ones included",
     r"pg_get_(viewdef|ruledef|indexdef|triggerdef|constraintdef|functiondef|function_arguments"
     r"|function_identity_arguments|function_result|function_arg_default|function_sqlbody|expr"
     r"|statisticsobjdef.*|partkeydef|partition_constraintdef|serial_sequence|replica_identity_index"
     r"|publication_tables|object_address|userbyid|ruledef)"
     r"|(table|schema|database)_to_xmlschema|format_type|pg_describe_object|pg_identify_object.*"),
    ("shows comments on catalog objects, hidden ones included", r"(col|obj|shobj)_description"),
    ("tells which objects exist and who may use them, hidden ones included",
     r"has_.*_privilege|pg_has_role|to_reg.*|reg.*(in|out|recv|send)|pg_.*_is_visible"
     r"|pg_index_column_has_property|pg_index_has_property|pg_relation_is_publishable"
     r"|pg_relation_is_updatable|pg_column_is_updatable|pg_tablespace_databases|pg_tablespace_location"
     r"|pg_partition_(tree|ancestors|root)|pg_filenode_relation|pg_relation_filenode|pg_relation_filepath"),
    ("shows sizes and statistics of tables and indexes, hidden ones included",
     r"pg_(relation|table|total_relation|indexes|database|tablespace)_size|pg_stat_get_.*|pg_stat_have_stats"
     r"|pg_sequence_parameters|pg_sequence_last_value|pg_get_replication_slots|pg_show_replication_origin_status"
     r"|pg_stat_get_subscription.*"),
    ("shows other sessions, their locks, prepared statements and cursors",
     r"pg_lock_status|pg_blocking_pids|pg_safe_snapshot_blocking_pids|pg_prepared_xact|pg_prepared_statement"
     r"|pg_cursor|pg_isolation_test_session_is_blocked|pg_get_backend_memory_contexts|pg_get_shmem_allocations"),
    ("is a helper of the information_schema views, which show hidden objects", r"information_schema\._pg_.*"),
]

# Functions with an argument or result of an OID alias type (regclass, regtype, ... or an array of one) reveal
# catalog objects: an integer or a string becomes such a value by implicit conversion, with no type named in
# the text, and the function's error or result names the object (currval(<oid of a table>) answers
# '"PageViews" is not a sequence', pg_typeof prints type names; a name tells a hidden object from a missing
# one). Refused names (nextval, setval) stay refused; the rest goes to the catalog class.
REG_TYPES = ("takes or returns an OID alias type (regclass, regtype, ...), which names catalog objects by OID "
             "or tells by name which exist, hidden ones included")

# Reviewed by hand: functions whose OID alias argument is only a text search configuration they use, with
# results that name nothing; an OID of another object fails with "cache lookup failed for text search
# configuration <oid>". Full-text search stays usable in profiles that hide objects. (Whether a text search
# configuration of a given name exists is not hidden.)
REG_READ = r"to_tsvector|to_tsquery|plainto_tsquery|phraseto_tsquery|websearch_to_tsquery|ts_headline" \
           r"|json_to_tsvector|jsonb_to_tsvector"

INTERNAL = "is an internal support function (index, planner, type or trigger support) that SQL cannot call usefully"
ANY_TYPE_INPUT = ("calls the input function of any type given by OID, so domain CHECK constraints "
                  "and user types run unchecked")

# The input functions that take the type to read as an OID argument and call that type's own input
# function (the other cstring-and-OID input functions read one fixed type).
ANY_TYPE_INPUT_NAMES = r"(array|record|domain|range|multirange|anyrange|anymultirange|anycompatiblerange"\
                       r"|anycompatiblemultirange)_in"

# Names only other PostgreSQL versions have, classified by hand: (name, class, reason).
EXTRA = [
    ("any_value", "read", ""), ("random_normal", "read", ""), ("array_sample", "read", ""),
    ("array_shuffle", "read", ""), ("date_add", "read", ""), ("date_subtract", "read", ""),
    ("erf", "read", ""), ("erfc", "read", ""), ("pg_input_is_valid", "read", ""),
    ("pg_input_error_info", "read", ""), ("system_user", "read", ""), ("to_bin", "read", ""),
    ("to_oct", "read", ""), ("uuid_extract_timestamp", "read", ""), ("uuid_extract_version", "read", ""),
    ("crc32", "read", ""), ("crc32c", "read", ""), ("json_scalar", "read", ""), ("json_serialize", "read", ""),
    ("pg_basetype", "catalog", "tells which objects exist and who may use them, hidden ones included"),
    ("pg_column_toast_chunk_id", "read", ""), ("pg_split_walfile_name", "read", ""),
    ("pg_get_wait_events", "read", ""), ("unicode_assigned", "read", ""), ("pg_stat_get_backend_subxact", "catalog",
     "shows sizes and statistics of tables and indexes, hidden ones included"),
    ("pg_start_backup", "refuse", "controls replication, WAL, backups or snapshots shared with other sessions"),
    ("pg_stop_backup", "refuse", "controls replication, WAL, backups or snapshots shared with other sessions"),
    ("pg_log_standby_snapshot", "refuse", "controls replication, WAL, backups or snapshots shared with other sessions"),
    ("pg_sync_replication_slots", "refuse", "controls replication, WAL, backups or snapshots shared with other sessions"),
    ("pg_stat_reset_backend_stats", "refuse", "resets or flushes statistics"),
    ("pg_ls_summariesdir", "refuse", "reads server files or the server's configuration files"),
    ("pg_wal_summary_contents", "refuse", "reads server files or the server's configuration files"),
    ("pg_available_wal_summaries", "refuse", "reads server files or the server's configuration files"),
]


def classify(name, internal, tsm, any_type_input, reg_type):
    for reason, pattern in REFUSE:
        if re.fullmatch(pattern, name):
            return "refuse", reason
    if any_type_input and re.fullmatch(ANY_TYPE_INPUT_NAMES, name):
        return "refuse", ANY_TYPE_INPUT
    for reason, pattern in CATALOG:
        if re.fullmatch(pattern, name):
            return "catalog", reason
    if tsm:
        return "read", ""  # TABLESAMPLE methods: the name is written as TABLESAMPLE bernoulli (10)
    if internal:
        return "refuse", INTERNAL
    if reg_type and not re.fullmatch(REG_READ, name):
        return "catalog", REG_TYPES
    return "read", ""


def main():
    if sys.argv[1:] == ["--query"]:
        print(QUERY.strip())
        return
    rows = {}
    for line in sys.stdin:
        name, internal, tsm, any_type_input, reg_type = line.rstrip("\n").split("\t")
        rows[name] = classify(name, internal == "t", tsm == "t", any_type_input == "t", reg_type == "t")
    for name, cls, reason in EXTRA:
        rows.setdefault(name, (cls, reason))
    print("# PostgreSQL's built-in functions as pgmcp classifies them: name, class, reason (for refusals).")
    print("# read: runs; catalog: reveals catalog objects, refused in profiles that hide objects;")
    print("# refuse: never runs unless a profile allows the name exactly. Names outside pg_catalog carry their schema.")
    print("# Generated by src/main/scripts/classify-builtin-functions.py from PostgreSQL 15 and reviewed by hand;")
    print("# a function missing here is refused.")
    for name in sorted(rows):
        cls, reason = rows[name]
        print(f"{name}\t{cls}\t{reason}" if reason else f"{name}\t{cls}")


if __name__ == "__main__":
    main()
