package dev.pgmcp.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.core.tools.ListTablesTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolResult;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A database with thousands of tables: listing stays bounded and describing one table stays cheap. */
class LargeCatalogTest {

    private static final int TABLES = 3000;
    private static final int BATCH = 500;

    @BeforeAll
    static void createManyTables() throws Exception {
        try (Connection admin = TestDatabase.get().superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS many CASCADE");
            st.execute("CREATE SCHEMA many");
            // In batches: one transaction creating thousands of tables runs out of lock slots.
            for (int from = 1; from <= TABLES; from += BATCH) {
                st.execute("DO $$ BEGIN FOR i IN " + from + ".." + (from + BATCH - 1) + " LOOP EXECUTE format("
                        + "'CREATE TABLE many.t%s (id int PRIMARY KEY, ref int, note text)', lpad(i::text, 4, '0')); "
                        + "END LOOP; END $$");
            }
            st.execute("GRANT USAGE ON SCHEMA many TO " + TestDatabase.get().readerUser());
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA many TO " + TestDatabase.get().readerUser());
        }
    }

    @AfterAll
    static void dropThem() throws Exception {
        try (Connection admin = TestDatabase.get().superuserConnection(); Statement st = admin.createStatement()) {
            for (int from = 1; from <= TABLES; from += BATCH) {
                st.execute("DO $$ BEGIN FOR i IN " + from + ".." + (from + BATCH - 1) + " LOOP EXECUTE format("
                        + "'DROP TABLE many.t%s', lpad(i::text, 4, '0')); END LOOP; END $$");
            }
            st.execute("DROP SCHEMA many");
        }
    }

    @Test
    void listsABoundedPageAndDescribesOneTable() throws Exception {
        try (PgmcpRuntime runtime = TestRuntimes.reader()) {
            SchemaCatalog catalog = runtime.catalog();
            SchemaCatalog.RelationPage page = catalog.relations("many", null, 500);
            assertThat(page.total()).isEqualTo(TABLES);
            assertThat(page.relations()).hasSize(500);
            assertThat(catalog.schemas()).filteredOn(s -> s.name().equals("many"))
                    .singleElement().satisfies(s -> assertThat(s.relationCount()).isEqualTo(TABLES));
            assertThat(catalog.describe("many.t2999", null).primaryKey()).containsExactly("id");

            ToolResult listed = new ListTablesTool(catalog, 500)
                    .call(new ToolArguments("list_tables", Map.of("schema", "many", "refresh", true)));
            assertThat(listed.text()).contains("(showing 500 of 3000; not listed in full: many 500 of 3000; narrow with pattern)");
            assertThat(listed.structured()).containsEntry("truncated", true).containsEntry("total", TABLES);
        }
    }
}
