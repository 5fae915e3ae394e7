package dev.pgmcp.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

    private static PgmcpRuntime runtime;
    private static SchemaCatalog catalog;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader();
        catalog = runtime.catalog();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void listsReadableSchemasWithComments() {
        assertThat(catalog.schemas()).extracting(SchemaInfo::name).contains("Analytics", "hr", "public", "sales")
                .doesNotContain("pg_catalog", "information_schema", "pg_toast");
        SchemaInfo sales = catalog.schemas().stream().filter(s -> s.name().equals("sales")).findFirst().orElseThrow();
        assertThat(sales.comment()).isEqualTo("Customers, products, orders and events.");
        assertThat(sales.relationCount()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void listsRelationsWithKindsAndFoldsPartitions() {
        SchemaCatalog.RelationPage page = catalog.relations("sales", null, 100);
        assertThat(page.relations()).extracting(RelationSummary::name)
                .contains("customers", "orders", "events", "customer_order_totals", "monthly_revenue")
                .doesNotContain("events_2024_01");
        RelationSummary events = find(page, "events");
        assertThat(events.kind()).isEqualTo(RelationKind.PARTITIONED_TABLE);
        assertThat(events.rowEstimate()).isPositive();
        assertThat(events.comment()).isEqualTo("Click-stream events, partitioned by month.");
        assertThat(find(page, "customer_order_totals").kind()).isEqualTo(RelationKind.VIEW);
        assertThat(find(page, "monthly_revenue").kind()).isEqualTo(RelationKind.MATERIALIZED_VIEW);
        assertThat(find(catalog.relations("public", "big", 10), "big_numbers").rowEstimate()).isEqualTo(1_000_000L);
    }

    @Test
    void filtersByPatternAndBoundsTheList() {
        assertThat(catalog.relations(null, "ORDER", 100).relations()).extracting(RelationSummary::name)
                .contains("orders", "order_items", "order details");
        assertThat(catalog.relations(null, "order*", 100).relations()).extracting(RelationSummary::name)
                .contains("orders", "order_items").doesNotContain("customer_order_totals");
        assertThat(catalog.relations(null, "sales.ord?rs", 100).relations()).extracting(RelationSummary::qualifiedName)
                .containsExactly("sales.orders");
        SchemaCatalog.RelationPage page = catalog.relations(null, null, 3);
        assertThat(page.relations()).hasSize(3);
        assertThat(page.total()).isGreaterThan(3);
        assertThatThrownBy(() -> catalog.relations("nope", null, 10)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("schema \"nope\" does not exist").hasMessageContaining("sales");
    }

    @Test
    void describesKeysInBothDirectionsIndexesAndComments() {
        TableDescription orders = catalog.describe("sales.orders", null);
        assertThat(orders.primaryKey()).containsExactly("id");
        assertThat(orders.foreignKeys()).anySatisfy(fk -> {
            assertThat(fk.table()).isEqualTo("sales.customers");
            assertThat(fk.columns()).containsExactly("customer_id");
        });
        assertThat(orders.referencedBy()).anySatisfy(fk -> assertThat(fk.table()).isEqualTo("sales.order_items"));
        assertThat(orders.indexes()).anySatisfy(i -> assertThat(i.primary()).isTrue());
        assertThat(orders.columns()).extracting(TableDescription.Column::name).contains("id", "customer_id", "status");
        TableDescription items = catalog.describe("order_items", "sales");
        assertThat(items.primaryKey()).containsExactly("order_id", "line_no");
    }

    @Test
    void resolvesQuotedMixedCaseAndSpacedNames() {
        assertThat(catalog.describe("\"Analytics\".\"PageViews\"", null).relation().name()).isEqualTo("PageViews");
        assertThat(catalog.describe("analytics.pageviews", null).relation().schema()).isEqualTo("Analytics");
        assertThat(catalog.describe("PageViews", "Analytics").columns()).extracting(TableDescription.Column::name)
                .contains("UserId", "Path");
        assertThat(catalog.describe("order details", null).relation().qualifiedName())
                .isEqualTo("public.\"order details\"");
        assertThat(catalog.describe("big_numbers", null).relation().schema()).isEqualTo("public");
    }

    @Test
    void describesPartitionsViewsAndHiddenColumns() {
        TableDescription events = catalog.describe("sales.events", null);
        assertThat(events.partitioning().key()).contains("RANGE").contains("occurred_at");
        assertThat(events.partitioning().partitionCount()).isEqualTo(3);
        TableDescription partition = catalog.describe("sales.events_2024_01", null);
        assertThat(partition.partitioning().parent()).isEqualTo("sales.events");
        assertThat(partition.partitioning().bound()).contains("FOR VALUES");
        assertThat(catalog.describe("sales.customer_order_totals", null).viewDefinition()).containsIgnoringCase("select");
        TableDescription employees = catalog.describe("hr.employees", null);
        assertThat(employees.columns()).filteredOn(c -> c.name().equals("ssn"))
                .singleElement().satisfies(c -> assertThat(c.readable()).isFalse());
        assertThat(employees.columns()).filteredOn(c -> c.name().equals("name"))
                .singleElement().satisfies(c -> assertThat(c.readable()).isTrue());
    }

    @Test
    void explainsUnknownTablesWithSuggestions() {
        assertThatThrownBy(() -> catalog.describe("sales.ordrs", null)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("sales.orders")
                .hasMessageContaining("list_tables");
    }

    @Test
    void seesNewTablesWithoutWaitingForTheTtl() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (Connection admin = db.superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP TABLE IF EXISTS public.catalog_refresh_probe");
            catalog.relations(null, null, 10);
            st.execute("CREATE TABLE public.catalog_refresh_probe (id int)");
            st.execute("GRANT SELECT ON public.catalog_refresh_probe TO " + db.readerUser());
            try {
                catalog.refresh();
                assertThat(catalog.describe("catalog_refresh_probe", null).columns()).hasSize(1);
            } finally {
                st.execute("DROP TABLE public.catalog_refresh_probe");
                catalog.refresh();
            }
        }
    }

    private static RelationSummary find(SchemaCatalog.RelationPage page, String name) {
        return page.relations().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
