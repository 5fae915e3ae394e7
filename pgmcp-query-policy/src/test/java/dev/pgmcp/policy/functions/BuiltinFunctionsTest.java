package dev.pgmcp.policy.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped table of built-in functions: complete for the test server, and right where it matters most. */
class BuiltinFunctionsTest {

    private static final BuiltinFunctions TABLE = BuiltinFunctions.shipped();

    /**
     * Every function initdb created (OID below 16384, in any schema; type I/O and support functions
     * included, since SQL can call them by name) has a class, so that a new PostgreSQL version cannot
     * slip a function through unclassified: such a function is refused at run time, and this test
     * names it so that the table can be regenerated and reviewed.
     */
    @Test
    void classifiesEveryBuiltinFunctionOfTheTestServer() throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection c = TestDatabase.get().superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT n.nspname, p.proname FROM pg_proc p "
                     + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid < 16384")) {
            while (rs.next()) {
                if (TABLE.entry(rs.getString(1), rs.getString(2)).isEmpty()) {
                    missing.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        assertThat(missing).as("built-in functions missing from builtin-functions.tsv; regenerate it with "
                + "src/main/scripts/classify-builtin-functions.py and review the new lines").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "pg_catalog, lower, READ", "pg_catalog, count, READ", "pg_catalog, jsonb_extract_path_text, READ",
        "pg_catalog, date_trunc, READ", "pg_catalog, current_setting, READ", "pg_catalog, random, READ",
        "pg_catalog, bernoulli, READ",
        "pg_catalog, pg_get_viewdef, CATALOG", "pg_catalog, pg_get_indexdef, CATALOG",
        "pg_catalog, col_description, CATALOG", "pg_catalog, table_to_xmlschema, CATALOG",
        "pg_catalog, has_column_privilege, CATALOG", "pg_catalog, pg_relation_size, CATALOG",
        "information_schema, _pg_char_max_length, CATALOG",
        "pg_catalog, brin_summarize_new_values, REFUSE", "pg_catalog, brin_summarize_range, REFUSE",
        "pg_catalog, brin_desummarize_range, REFUSE", "pg_catalog, gin_clean_pending_list, REFUSE",
        "pg_catalog, query_to_xml, REFUSE", "pg_catalog, table_to_xml, REFUSE", "pg_catalog, ts_stat, REFUSE",
        "pg_catalog, set_config, REFUSE", "pg_catalog, setseed, REFUSE", "pg_catalog, pg_cancel_backend, REFUSE",
        "pg_catalog, pg_advisory_lock, REFUSE", "pg_catalog, pg_sleep, REFUSE", "pg_catalog, nextval, REFUSE",
        "pg_catalog, lo_import, REFUSE", "pg_catalog, pg_read_file, REFUSE", "pg_catalog, domain_in, REFUSE",
    })
    void classifiesKeyFunctions(String schema, String name, FunctionClass expected) {
        assertThat(TABLE.entry(schema, name)).as(schema + "." + name).isPresent()
                .get().extracting(BuiltinFunctions.Entry::functionClass).isEqualTo(expected);
    }

    @Test
    void everyRefusalHasAReasonAndExtensionsAreNotBuiltIn() {
        for (String name : TABLE.names()) {
            BuiltinFunctions.Entry entry = TABLE.entry(name.contains(".") ? name.substring(0, name.indexOf('.'))
                    : "pg_catalog", name.contains(".") ? name.substring(name.indexOf('.') + 1) : name).orElseThrow();
            if (entry.functionClass() != FunctionClass.READ) {
                assertThat(entry.reason()).as(name).isNotBlank();
            }
        }
        assertThat(TABLE.entry("pg_catalog", "crosstab")).isEmpty();
        assertThat(TABLE.entry("pg_catalog", "dblink")).isEmpty();
    }
}
