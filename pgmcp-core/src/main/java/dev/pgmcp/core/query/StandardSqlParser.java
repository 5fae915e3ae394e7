package dev.pgmcp.core.query;

import java.io.Reader;
import org.apache.calcite.sql.parser.impl.ParseException;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;

/**
 * Calcite's standard SQL parser with cheap failures (see {@link PostgresDialectParser}). Its grammar
 * is smaller than Babel's, so it parses standard SQL about three times faster; {@link QueryAnalyzer}
 * tries it first and gives Babel what it does not read.
 */
final class StandardSqlParser extends SqlParserImpl {

    StandardSqlParser(Reader reader) {
        super(reader);
    }

    @Override
    public ParseException generateParseException() {
        return new ParseException("not parsed");
    }
}
