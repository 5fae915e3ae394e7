package dev.pgmcp.core.execution;

import dev.pgmcp.core.catalog.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The switch to a profile's PostgreSQL role ({@code SET LOCAL ROLE}) at the start of a read-only
 * transaction, shared by the query executor and the catalog reader, so that PostgreSQL checks the
 * profile's grants for queries and for what the catalog tools show alike. The rollback that ends
 * every transaction ends the switch.
 */
public final class RoleSwitch {

    /** No switch: the transaction runs as the login role. */
    public static final RoleSwitch NONE = new RoleSwitch(null);

    private final String role;
    private final String statement;

    private RoleSwitch(String role) {
        this.role = role;
        this.statement = role == null ? null : "SET LOCAL ROLE " + Identifiers.quote(role);
    }

    /** The switch to {@code role}, or {@link #NONE} when it is null. */
    public static RoleSwitch to(String role) {
        return role == null ? NONE : new RoleSwitch(role);
    }

    /** The role switched to, or null. */
    public String role() {
        return role;
    }

    /** Switches for the rest of the current transaction (the connection must not be in autocommit). */
    public void apply(Connection connection) throws SQLException {
        if (statement != null) {
            try (Statement st = connection.createStatement()) {
                st.execute(statement);
            }
        }
    }
}
