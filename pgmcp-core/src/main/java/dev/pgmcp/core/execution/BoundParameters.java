package dev.pgmcp.core.execution;

import dev.pgmcp.core.sql.StatementText;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The values of one call, coerced to the types PostgreSQL infers for their placeholders, in
 * pgjdbc's placeholder order. The types come from describing the prepared statement (Parse,
 * Describe, Sync: one round trip, skipped when there are no parameters). Each value is then bound
 * as text of unspecified type, so PostgreSQL infers exactly the same types again when it runs. The
 * size bound applies to the bound text, so it covers JSON objects and arrays as well as strings.
 */
final class BoundParameters implements PlanGate.ParameterBinder {

    /** The error context PostgreSQL adds when a parameter value fails its type's input function at Bind. */
    private static final Pattern BIND_CONTEXT = Pattern.compile("portal .*parameter \\$(\\d+)");

    private static final BoundParameters NONE = new BoundParameters(List.of(), List.of(), List.of(), List.of());

    private final List<Integer> order;
    private final List<String> types;
    private final List<String> texts;
    private final List<String> labels;

    private BoundParameters(List<Integer> order, List<String> types, List<String> texts, List<String> labels) {
        this.order = order;
        this.types = types;
        this.texts = texts;
        this.labels = labels;
    }

    /**
     * Describes the statement and coerces the request's values.
     *
     * @throws SQLException          when PostgreSQL cannot parse the statement or infer a parameter's type
     * @throws QueryRefusedException when a value cannot be of its inferred type
     */
    static BoundParameters coerce(Connection connection, StatementText.JdbcForm form, QueryRequest request,
                                  int maxParameterBytes) throws SQLException, QueryRefusedException {
        List<Integer> order = form.parameterOrder();
        if (order.isEmpty()) {
            return NONE;
        }
        List<String> types = describe(connection, form.sql());
        List<String> texts = new ArrayList<>(order.size());
        List<String> labels = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            String label = request.parameterLabel(order.get(i));
            labels.add(label);
            String text = ParameterCoercion.coerce(request.params().get(order.get(i) - 1), types.get(i), label);
            if (text != null && text.length() > maxParameterBytes / 3
                    && text.getBytes(StandardCharsets.UTF_8).length > maxParameterBytes) {
                throw new QueryRefusedException(Layer.INPUT, "parameter-size", "parameter " + label + " is larger "
                        + "than " + maxParameterBytes + " bytes.", "Send a smaller value.");
            }
            texts.add(text);
        }
        return new BoundParameters(order, types, texts, labels);
    }

    /** The type PostgreSQL infers for each {@code ?} of {@code jdbcSql}, as pgjdbc names it ({@code int4}, {@code _text}). */
    static List<String> describe(Connection connection, String jdbcSql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(jdbcSql)) {
            ParameterMetaData meta = ps.getParameterMetaData();
            List<String> types = new ArrayList<>(meta.getParameterCount());
            for (int i = 1; i <= meta.getParameterCount(); i++) {
                types.add(meta.getParameterTypeName(i));
            }
            return types;
        }
    }

    @Override
    public void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                ps.setNull(i + 1, Types.OTHER);
            } else {
                ps.setObject(i + 1, texts.get(i), Types.OTHER);
            }
        }
    }

    /**
     * When PostgreSQL rejected a parameter value while reading it as its type (a data exception
     * at Bind), a refusal naming the parameter and the type; otherwise null.
     */
    QueryRefusedException refusalFor(SQLException e) {
        if (!(e instanceof PSQLException psql) || psql.getServerErrorMessage() == null) {
            return null;
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        if (server.getSQLState() == null || !server.getSQLState().startsWith("22") || server.getWhere() == null) {
            return null;
        }
        Matcher matcher = BIND_CONTEXT.matcher(server.getWhere());
        if (!matcher.find()) {
            return null;
        }
        int slot = Integer.parseInt(matcher.group(1)) - 1;
        if (slot < 0 || slot >= order.size()) {
            return null;
        }
        String type = ParameterCoercion.typeName(types.get(slot));
        return new QueryRefusedException(Layer.INPUT, "parameter-value", "parameter " + labels.get(slot)
                + " is not a valid " + type + " (PostgreSQL infers " + type + " for it): " + ServerText.bounded(server.getMessage()) + ".",
                hint(types.get(slot), type));
    }

    private static String hint(String pgType, String typeName) {
        return switch (pgType) {
            case "date" -> "Send a date such as \"2024-05-31\".";
            case "timestamptz", "timestamp" -> "Send an ISO 8601 timestamp such as \"2024-05-31T13:45:00Z\".";
            case "uuid" -> "Send a UUID such as \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\".";
            case "interval" -> "Send an interval such as \"3 days\" or \"PT2H\".";
            case "json", "jsonb" -> "Send a JSON object or array, or a string holding valid JSON text.";
            default -> "Send a value PostgreSQL accepts as " + typeName + ".";
        };
    }
}
