package dev.pgmcp.core.query;

import java.io.Reader;
import org.apache.calcite.sql.parser.babel.ParseException;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Calcite's Babel parser with cheap failures. JavaCC builds a parse error by re-running every
 * lookahead of the statement to list the tokens it expected, which costs milliseconds in this large
 * grammar; pgmcp only needs to know that the parse failed, so this parser skips that.
 */
final class PostgresDialectParser extends SqlBabelParserImpl {

    PostgresDialectParser(Reader reader) {
        super(reader);
    }

    @Override
    public ParseException generateParseException() {
        return new ParseException("not parsed");
    }
}
