package dev.pgmcp.core.query;

import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.execution.PlanColumn;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.query.QueryModel.Column;
import dev.pgmcp.core.query.QueryModel.Relation;
import dev.pgmcp.core.query.QueryModel.StatementKind;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Builds the {@link QueryModel} of a statement that passed the statement gate. It parses the text
 * with Apache Calcite's Babel parser in PostgreSQL's lexical conventions (double-quoted identifiers
 * kept as written, unquoted ones folded to lower case); {@code $n} placeholders are given to Calcite
 * as {@code ?} of the same length, so positions stay those of the agent's text. What Calcite cannot
 * parse (about a fifth of realistic agent SQL: JSON operators, {@code INTERVAL '1 day'}, {@code DISTINCT
 * ON}, dollar quotes, ...) is not refused for that: {@link #fromPlan} builds its model from PostgreSQL's
 * plan and the token scan instead. Calcite never decides the statement count and its tree is never
 * turned back into SQL. Thread-safe.
 */
public final class QueryAnalyzer {

    /** Texts longer than this are not given to Calcite; they take the PostgreSQL path. */
    public static final int MAX_PARSED_LENGTH = 20_000;

    private static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withConformance(SqlConformanceEnum.BABEL)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(63)
            .withCharLiteralStyles(Set.of(CharLiteralStyle.STANDARD));

    private final SchemaCatalog catalog;

    /** @param catalog resolves relation names and expands {@code *}; null to resolve nothing */
    public QueryAnalyzer(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The model of the statement from Calcite's parse tree, or empty when Calcite does not parse it
     * (or it is longer than {@link #MAX_PARSED_LENGTH}).
     */
    public Optional<QueryModel> parse(StatementText statement) {
        if (statement.sql().length() > MAX_PARSED_LENGTH) {
            return Optional.empty();
        }
        String text = parseText(statement);
        if (text == null) {
            return Optional.empty();
        }
        SqlNode root;
        try {
            root = SqlParser.create(text, PARSER_CONFIG).parseQuery();
        } catch (SqlParseException | RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ModelBuilder(catalog, text).build(root, statement.parameterNumbers().size()));
        } catch (RuntimeException e) {
            // The catalog could not be read, or an unexpected tree shape: the PostgreSQL path still checks it.
            return Optional.empty();
        }
    }

    /**
     * The model of a statement Calcite did not parse: relations, columns, joins and nesting from
     * PostgreSQL's plan (views expanded), functions from the PostgreSQL-faithful token scan, the
     * rest from the tokens at the top level.
     */
    public static QueryModel fromPlan(StatementText statement, PlanSummary plan) {
        Set<Relation> relations = new LinkedHashSet<>();
        plan.relations().forEach(r -> relations.add(new Relation(r.schema(), r.name(), true)));
        Set<Column> columns = new LinkedHashSet<>();
        for (PlanColumn column : plan.columns()) {
            columns.add(new Column(column.schema(), column.table(), column.column()));
        }
        List<String> ctes = new ArrayList<>();
        boolean recursive = false;
        int setOperations = 0;
        int windows = 0;
        boolean limited = false;
        boolean ordered = false;
        int depth = 0;
        List<SqlToken> tokens = statement.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (token.isKeyword("UNION") || token.isKeyword("INTERSECT") || token.isKeyword("EXCEPT")) {
                setOperations++;
            } else if (token.isKeyword("OVER")) {
                windows++;
            } else if (token.isKeyword("RECURSIVE") && i > 0 && tokens.get(i - 1).isKeyword("WITH")) {
                recursive = true;
            } else if (depth == 0 && (token.isKeyword("LIMIT") || token.isKeyword("FETCH"))) {
                limited = true;
            } else if (depth == 0 && token.isKeyword("ORDER") && i + 1 < tokens.size()
                    && tokens.get(i + 1).isKeyword("BY")) {
                ordered = true;
            } else if (token.isKeyword("AS") && i > 0 && isCteStart(tokens, i) && depth == 0) {
                ctes.add(tokens.get(i - 1).identifierValue());
            }
        }
        StatementKind kind = switch (statement.mainKeyword()) {
            case "VALUES" -> StatementKind.VALUES;
            case "TABLE" -> StatementKind.TABLE;
            default -> setOperations > 0 ? StatementKind.SET_OPERATION : StatementKind.SELECT;
        };
        return new QueryModel(QueryModel.Analysis.POSTGRES, kind, List.copyOf(relations), columns,
                statement.functionCalls(), plan.joins(), plan.subplanDepth(), ctes, recursive, setOperations, windows,
                limited, ordered, statement.parameterNumbers().size());
    }

    /** {@code name AS (} or {@code name AS [NOT] MATERIALIZED (} after WITH or a comma, at the top level. */
    private static boolean isCteStart(List<SqlToken> tokens, int as) {
        int j = as + 1;
        if (j < tokens.size() && tokens.get(j).isKeyword("NOT")) {
            j++;
        }
        if (j < tokens.size() && tokens.get(j).isKeyword("MATERIALIZED")) {
            j++;
        }
        if (j >= tokens.size() || !tokens.get(j).is("(") || as < 2) {
            return false;
        }
        SqlToken before = tokens.get(as - 2);
        return before.isKeyword("WITH") || before.isKeyword("RECURSIVE") || before.is(",");
    }

    /**
     * The text Calcite gets: the agent's tokens at their own positions, comments blanked out (Calcite
     * does not nest block comments), every {@code $n} turned into {@code ?} and spaces. Null when a
     * token is one that Calcite reads differently from PostgreSQL: E'', U&'', B''/X'' and dollar-quoted
     * strings, U&"" identifiers, and operators holding {@code ?}.
     */
    static String parseText(StatementText statement) {
        String sql = statement.sql();
        char[] text = new char[sql.length()];
        for (int i = 0; i < text.length; i++) {
            char c = sql.charAt(i);
            text[i] = c == '\n' || c == '\r' ? c : ' ';
        }
        for (SqlToken token : statement.tokens()) {
            switch (token.kind()) {
                case STRING -> {
                    if (token.text().charAt(0) != '\'') {
                        return null;
                    }
                }
                case QUOTED_IDENTIFIER -> {
                    if (token.text().charAt(0) != '"') {
                        return null;
                    }
                }
                case OPERATOR -> {
                    if (token.text().indexOf('?') >= 0) {
                        return null;
                    }
                }
                default -> {
                }
            }
            if (token.kind() == SqlToken.Kind.PARAMETER) {
                text[token.start()] = '?';
            } else {
                sql.getChars(token.start(), token.end(), text, token.start());
            }
        }
        return new String(text);
    }
}
