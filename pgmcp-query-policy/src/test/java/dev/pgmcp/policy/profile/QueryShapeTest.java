package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryShapeTest {

    @Test
    void literalsParametersCommentsCaseAndSpacingDoNotMatter() throws Exception {
        String shape = QueryShape.of("select * from sales.orders where id = ?".replace("?", "$1"));
        assertThat(shape).isEqualTo("select * from sales . orders where id = ?");
        assertThat(QueryShape.of("SELECT *\n  FROM Sales.Orders /* hi */ WHERE id = 42 -- x\n;")).isEqualTo(shape);
        assertThat(QueryShape.of("SELECT * FROM sales.orders WHERE id = E'4\\'2'")).isEqualTo(shape);
        assertThat(QueryShape.of("SELECT * FROM sales.orders WHERE id = $tag$42$tag$")).isEqualTo(shape);
    }

    @Test
    void structureAndQuotedNamesDo() throws Exception {
        String shape = QueryShape.of("SELECT * FROM sales.orders WHERE id = 1");
        assertThat(QueryShape.of("SELECT * FROM sales.orders WHERE id = 1 OR true")).isNotEqualTo(shape);
        assertThat(QueryShape.of("SELECT * FROM sales.orders WHERE id IN (1, 2)"))
                .isNotEqualTo(QueryShape.of("SELECT * FROM sales.orders WHERE id IN (1, 2, 3)"));
        assertThat(QueryShape.of("SELECT * FROM \"Sales\".orders WHERE id = 1")).isNotEqualTo(shape)
                .isEqualTo("select * from \"Sales\" . orders where id = ?");
        assertThat(QueryShape.of("SELECT * FROM sales.orders WHERE id = 1; DELETE FROM sales.orders"))
                .isNotEqualTo(shape);
    }
}
