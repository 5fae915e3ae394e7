package dev.pgmcp.server.common;

/**
 * A host's start-up up to the point where it connects. Serving, {@code check} and
 * {@link CommandLines#problems} all run this one method, so that no validation exists twice.
 */
public interface ServerHost {

    /**
     * Resolves the connection and validates every option and configuration section the host reads,
     * adding each problem to {@code problems}.
     *
     * @return what to start, or null when a problem leaves nothing to connect with
     */
    ServerPlan plan(Problems problems);
}
