package dev.pgmcp.policy.complexity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.query.QueryModel.Analysis;
import dev.pgmcp.core.query.QueryModel.StatementKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComplexityLimitTest {

    private static QueryModel model(Analysis analysis, int joins, int depth) {
        return new QueryModel(analysis, StatementKind.SELECT, List.of(), Set.of(), List.of(), joins, depth, List.of(),
                false, 0, 0, false, false, 0);
    }

    @Test
    void allowsUpToTheLimits() {
        ComplexityLimit limit = new ComplexityLimit(3, 2);
        assertThatCode(() -> limit.checkModel(model(Analysis.CALCITE, 3, 2))).doesNotThrowAnyException();
        assertThatCode(() -> limit.checkModel(model(Analysis.POSTGRES, 0, 0))).doesNotThrowAnyException();
    }

    @Test
    void refusesTooManyJoinsAndSaysWhereTheyWereCounted() {
        ComplexityLimit limit = new ComplexityLimit(3, 2);
        assertThatThrownBy(() -> limit.checkModel(model(Analysis.CALCITE, 4, 0)))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.layer()).isEqualTo(Layer.POLICY);
                    org.assertj.core.api.Assertions.assertThat(e.rule()).isEqualTo("max-joins");
                    org.assertj.core.api.Assertions.assertThat(e.toAgentMessage())
                            .contains("4 joins; the limit is 3", "--max-joins");
                });
        assertThatThrownBy(() -> limit.checkModel(model(Analysis.POSTGRES, 5, 0)))
                .hasMessageContaining("5 joins in PostgreSQL's plan");
    }

    @Test
    void refusesDeepNesting() {
        assertThatThrownBy(() -> new ComplexityLimit(16, 2).checkModel(model(Analysis.CALCITE, 0, 3)))
                .isInstanceOfSatisfying(QueryRefusedException.class, e ->
                        org.assertj.core.api.Assertions.assertThat(e.rule()).isEqualTo("max-subquery-depth"));
    }

    @Test
    void rejectsNegativeLimits() {
        assertThatThrownBy(() -> new ComplexityLimit(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComplexityLimit(1, -2)).isInstanceOf(IllegalArgumentException.class);
    }
}
