package dev.pgmcp.core.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.execution.PlanColumn;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.query.QueryModel.Column;
import dev.pgmcp.core.query.QueryModel.Relation;
import dev.pgmcp.core.query.QueryModel.StatementKind;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.parser.babel.TokenMgrError;
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

    /** Texts longer than this are not given to Calcite (parsing costs grow with length); they take the PostgreSQL path. */
    public static final int MAX_PARSED_LENGTH = 8_000;

    /** Default size of the parse cache, in characters of SQL text. */
    public static final long DEFAULT_CACHE_CHARS = 1_000_000;

    private static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withConformance(SqlConformanceEnum.BABEL)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(63)
            .withCharLiteralStyles(Set.of(CharLiteralStyle.STANDARD));

    /** PostgreSQL operators Calcite does not parse (JSON, containment, text search): skip the attempt. */
    private static final Set<String> UNPARSED_OPERATORS = Set.of("->", "->>", "#>", "#>>", "#-", "@>", "<@", "&&",
            "@@", "@?", "|/", "||/", "@");

    private final SchemaCatalog catalog;
    private final Cache<String, Optional<SqlNode>> parsed;

    /** @param catalog resolves relation names and expands {@code *}; null to resolve nothing */
    public QueryAnalyzer(SchemaCatalog catalog) {
        this(catalog, DEFAULT_CACHE_CHARS);
    }

    /**
     * @param catalog    resolves relation names and expands {@code *}; null to resolve nothing
     * @param cacheChars how much SQL text (in characters) the cache of parse trees may hold; 0 for no cache.
     *                   Parsing costs a few hundred microseconds, a cached tree nothing; names are resolved
     *                   anew for every call, so the catalog's changes are seen
     */
    public QueryAnalyzer(SchemaCatalog catalog, long cacheChars) {
        this.catalog = catalog;
        this.parsed = cacheChars <= 0 ? null : Caffeine.newBuilder().maximumWeight(cacheChars)
                .weigher((String text, Optional<SqlNode> tree) -> text.length()).build();
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
        Optional<SqlNode> root = parsed == null ? parseTree(text) : parsed.get(text, QueryAnalyzer::parseTree);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ModelBuilder(catalog, text).build(root.get(), statement.parameterNumbers().size()));
        } catch (RuntimeException e) {
            // The catalog could not be read, or an unexpected tree shape: the PostgreSQL path still checks it.
            return Optional.empty();
        }
    }

    /**
     * Calcite's tree of the text, or empty when it does not parse: the standard grammar first (three
     * times faster), then Babel's, which adds PostgreSQL forms such as {@code ::} casts. The tree is
     * only read afterwards.
     */
    private static Optional<SqlNode> parseTree(String text) {
        try {
            return Optional.of(configure(new StandardSqlParser(new StringReader(text))).parseSqlStmtEof());
        } catch (Exception | StackOverflowError | org.apache.calcite.sql.parser.impl.TokenMgrError e) {
            // not standard SQL: try Babel
        }
        try {
            return Optional.of(configure(new PostgresDialectParser(new StringReader(text))).parseSqlStmtEof());
        } catch (Exception | StackOverflowError | TokenMgrError e) {
            return Optional.empty();
        }
    }

    /**
     * A parser configured as {@link SqlParser#create} would, without {@link SqlParser}'s error handling:
     * turning a parse failure into a {@code SqlParseException} builds the parser's keyword metadata,
     * which costs tens of milliseconds, and the message is of no use here (see also
     * {@link PostgresDialectParser}). Both grammars get the same PostgreSQL lexical settings.
     */
    private static SqlAbstractParserImpl configure(SqlAbstractParserImpl parser) {
        parser.setTabSize(1);
        parser.setQuotedCasing(PARSER_CONFIG.quotedCasing());
        parser.setUnquotedCasing(PARSER_CONFIG.unquotedCasing());
        parser.setIdentifierMaxLength(PARSER_CONFIG.identifierMaxLength());
        parser.setTimeUnitCodes(PARSER_CONFIG.timeUnitCodes());
        parser.setConformance(PARSER_CONFIG.conformance());
        parser.switchTo(SqlAbstractParserImpl.LexicalState.forConfig(PARSER_CONFIG));
        return parser;
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
     * strings, U&"" identifiers, and operators holding {@code ?}; also when an operator is one
     * Calcite does not parse anyway (JSON and containment operators), to save the attempt.
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
                    if (token.text().indexOf('?') >= 0 || UNPARSED_OPERATORS.contains(token.text())) {
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
