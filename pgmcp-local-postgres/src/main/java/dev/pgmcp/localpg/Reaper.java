package dev.pgmcp.localpg;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Closes every throwaway server still open when the JVM exits. */
final class Reaper {

    private static final Set<ThrowawayPostgres> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::closeAll, "pgmcp-throwaway-postgres-reaper"));
    }

    private Reaper() {}

    static void register(ThrowawayPostgres server) {
        OPEN.add(server);
    }

    static void unregister(ThrowawayPostgres server) {
        OPEN.remove(server);
    }

    private static void closeAll() {
        List<ThrowawayPostgres> servers = new ArrayList<>(OPEN);
        servers.forEach(ThrowawayPostgres::close);
    }
}
