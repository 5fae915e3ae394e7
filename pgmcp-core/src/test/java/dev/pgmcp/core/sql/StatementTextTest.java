package dev.pgmcp.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementTextTest {

    private static StatementText text(String sql) throws SqlSyntaxException {
        return StatementText.of(sql, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT E'\\''; DELETE FROM t; --'",
        "SELECT $$'$$; DELETE FROM t; --'",
        "SELECT $a$ $$ $a$; DELETE FROM t; --$$",
        "SELECT 1; SELECT 2",
        "SELECT 1;\nDROP TABLE x",
        "SELECT 1 /* a /* nested */ still comment */; DELETE FROM t",
        "SELECT 'a''b'; DELETE FROM t",
        "SELECT \"x;y\" FROM t; DELETE FROM t",
        "SELECT U&'\\0041'; DELETE FROM t",
        "SELECT 1;COMMIT;DELETE FROM t",
    })
    void countsTwoStatementsWhereaPostgreSqlDoes(String sql) throws Exception {
        assertThat(text(sql).statementCount()).isEqualTo(2 + (sql.contains("COMMIT") ? 1 : 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'a;b'",
        "SELECT $$;$$",
        "SELECT $tag$ ; $notag$ ; $tag$",
        "SELECT 1 -- ; DELETE",
        "SELECT 1 /* ; /* ; */ ; */",
        "SELECT \"semi;colon\" FROM t",
        "SELECT E'\\'' || ';'",
        "SELECT 1;",
        "SELECT 1;;  ;",
        "SELECT a$b FROM t",
        "SELECT 1 -- trailing comment without newline",
    })
    void countsOneStatement(String sql) throws Exception {
        assertThat(text(sql).statementCount()).isEqualTo(1);
    }

    @Test
    void backslashEndsNothingWhenStandardConformingStringsIsOn() throws Exception {
        // With standard_conforming_strings on, '\' is a complete string: the ; outside it separates.
        assertThat(StatementText.of("SELECT '\\'; DELETE FROM t; --'", true).statementCount()).isEqualTo(2);
        // With it off, \' escapes the quote: the string runs on to the last quote, one statement.
        assertThat(StatementText.of("SELECT '\\'; DELETE FROM t; --'", false).statementCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'open", "SELECT \"open", "SELECT $$ open", "SELECT /* open", "SELECT $x$ a $y$"})
    void refusesUnterminatedTokens(String sql) {
        assertThatThrownBy(() -> text(sql)).isInstanceOf(SqlSyntaxException.class).hasMessageContaining("unterminated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT {fn now()}", "{call pg_sleep(1)}", "SELECT \\ 1"})
    void refusesCharactersPostgreSqlRejects(String sql) {
        assertThatThrownBy(() -> text(sql)).isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("not valid PostgreSQL");
    }

    @Test
    void findsKeywordsOfTheStatement() throws Exception {
        assertThat(text("select 1").firstKeyword()).isEqualTo("SELECT");
        assertThat(text("(SELECT 1) UNION (SELECT 2)").firstKeyword()).isEqualTo("(");
        assertThat(text("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d").mainKeyword()).isEqualTo("SELECT");
        assertThat(text("WITH x AS (SELECT 1) DELETE FROM t").mainKeyword()).isEqualTo("DELETE");
        assertThat(text("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r")
                .mainKeyword()).isEqualTo("SELECT");
        assertThat(text("SELECT * INTO new_table FROM t").intoClause()).isNotNull();
        assertThat(text("(SELECT * INTO new_table FROM t)").intoClause()).isNotNull();
        assertThat(text("SELECT * FROM t WHERE x IN (SELECT y FROM u)").intoClause()).isNull();
        assertThat(text("SELECT 'INTO' AS \"into\"").intoClause()).isNull();
        assertThat(text("SELECT * FROM t FOR UPDATE").lockingClause()).isNotNull();
        assertThat(text("SELECT * FROM t FOR NO KEY UPDATE").lockingClause()).isNotNull();
        assertThat(text("SELECT * FROM t FOR KEY SHARE").lockingClause()).isNotNull();
        assertThat(text("SELECT 'FOR UPDATE' AS s").lockingClause()).isNull();
    }

    @Test
    void rewritesPlaceholdersForTheDriver() throws Exception {
        StatementText t = text("SELECT * FROM t WHERE a = $2 AND b = $1 AND c = $2 AND d ? 'k' AND e ?| ARRAY['x']"
                + " AND f = '$1 ?' AND g = $$?$$");
        StatementText.JdbcForm form = t.toJdbcForm();
        assertThat(form.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d ?? 'k' AND e ??| "
                + "ARRAY['x'] AND f = '$1 ?' AND g = $$?$$");
        assertThat(form.parameterOrder()).containsExactly(2, 1, 2);
        assertThat(t.parameterNumbers()).containsExactly(1, 2);
        assertThat(t.maxParameterNumber()).isEqualTo(2);
    }

    @Test
    void mapsServerPositionsBackToTheOriginalText() throws Exception {
        // The driver sends "$1 ... $2": a position after $10 -> $1 shifts back by one character.
        String sql = "SELECT $10, $1, foo";
        StatementText.JdbcForm form = text(sql).toJdbcForm();
        String sent = "SELECT $1, $2, foo";
        int fooInSent = sent.indexOf("foo") + 1;
        assertThat(form.toOriginalPosition(fooInSent)).isEqualTo(sql.indexOf("foo") + 1);
        assertThat(form.toOriginalPosition(1)).isEqualTo(1);
    }

    @Test
    void operatorsFollowPostgreSqlRules() throws Exception {
        List<SqlToken> tokens = SqlLexer.tokenize("SELECT a->>'k', b #>> '{x}', c @> d, e<>f, 1--2\n, g*-1", true);
        assertThat(tokens.stream().filter(t -> t.kind() == SqlToken.Kind.OPERATOR).map(SqlToken::text))
                .containsExactly("->>", "#>>", "@>", "<>", "*", "-");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1\nDELETE FROM t",
        "SELECT 1/**/DELETE FROM t",
        "SELECT * FROM (DELETE FROM t RETURNING *) d",
        "SELECT x.update FROM t x",
        "SELECT 1 create",
    })
    void findsUnquotedCommandWords(String sql) throws Exception {
        assertThat(text(sql).commandWord()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'DELETE FROM t'",
        "SELECT \"delete\" FROM t",
        "SELECT deleted_at, updated, created_by FROM t",
        "SELECT 1 -- DELETE this later",
    })
    void ignoresCommandWordsInsideQuotesOrOtherWords(String sql) throws Exception {
        assertThat(text(sql).commandWord()).isNull();
    }

    @Test
    void findsStatementsHiddenInStringsNamesAndComments() throws Exception {
        assertThat(text("SELECT 1 AS \"; DELETE FROM t; --\"").hiddenStatement()).isEqualTo(14);
        assertThat(text("SELECT $a$;$b$; DELETE FROM t; $b$ $a$ AS s").hiddenStatement()).isEqualTo(15);
        assertThat(text("SELECT 1 /* /* */ ; delete FROM t */").hiddenStatement()).isEqualTo(19);
        assertThat(text("SELECT 'a;\n  Drop table t'").hiddenStatement()).isEqualTo(10);
        assertThat(text("SELECT 'a;b', array_to_string(x, ';') FROM t -- ; not a statement").hiddenStatement())
                .isZero();
        assertThat(text("SELECT 1; DELETE FROM t").hiddenStatement()).isZero();
    }

    @Test
    void refusesCommentsNestedDeeperThanTheBound() throws Exception {
        String atLimit = "SELECT 1 " + "/*".repeat(SqlLexer.MAX_COMMENT_DEPTH) + "*/".repeat(SqlLexer.MAX_COMMENT_DEPTH);
        assertThat(text(atLimit).statementCount()).isEqualTo(1);
        // 12 s of PostgreSQL CPU at 96 KB: refused by pgmcp's lexer, before anything reaches the server.
        String deep = "SELECT 1 " + "/* x ".repeat(20_000) + "*/".repeat(20_000);
        assertThatThrownBy(() -> text(deep)).isInstanceOf(SqlNestingException.class)
                .hasMessageContaining("nested more than " + SqlLexer.MAX_COMMENT_DEPTH + " deep");
    }

    @Test
    void refusesParenthesesNestedDeeperThanTheBound() throws Exception {
        int limit = SqlLexer.MAX_PARENTHESIS_DEPTH;
        assertThat(text("SELECT " + "(".repeat(limit) + "1" + ")".repeat(limit)).statementCount()).isEqualTo(1);
        assertThat(text("SELECT " + "(1)".repeat(limit * 10)).statementCount()).isEqualTo(1);
        assertThatThrownBy(() -> text("SELECT " + "(".repeat(limit + 1) + "1" + ")".repeat(limit + 1)))
                .isInstanceOf(SqlNestingException.class).hasMessageContaining("nested more than " + limit + " deep");
        assertThatThrownBy(() -> text("SELECT a" + "[1".repeat(limit + 1) + "]".repeat(limit + 1)))
                .isInstanceOf(SqlNestingException.class);
        assertThat(text("SELECT '" + "(".repeat(limit * 2) + "'").statementCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/**/", "+/**/", "+", "-+", "/*/**/*/"})
    void refusesLongRunsOfOperatorCharactersThatPostgreSqlRescans(String unit) {
        // Each of these costs PostgreSQL's scanner time quadratic in the length of the run, at nesting depth 1 or 2.
        String sql = "SELECT 1 " + (unit.startsWith("/*/") ? "/*" + unit.repeat(500) + "*/" : unit.repeat(500) + "1");
        assertThatThrownBy(() -> text(sql)).isInstanceOf(SqlNestingException.class)
                .hasMessageContaining("longer than " + SqlLexer.MAX_OPERATOR_RUN);
    }

    @Test
    void acceptsOrdinaryOperatorsBannersAndLongLineComments() throws Exception {
        assertThat(text("/" + "*".repeat(78) + "/\nSELECT a->>'k', b #>> '{x}' -- " + "-".repeat(500) + "\n")
                .statementCount()).isEqualTo(1);
        assertThat(text("SELECT 1 /* " + "-".repeat(200) + " */").statementCount()).isEqualTo(0 + 1);
        // Text PostgreSQL printed (plan expressions) is read without bounds, so no function call in it is lost.
        assertThat(StatementText.functionCallsIn("(".repeat(500) + "pg_sleep(1)" + ")".repeat(500))).isNotEmpty();
    }
}
