package dev.pgmcp.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Command-line arguments and environment for a pgmcp server to connect as the fixture's read-only role. */
public final class ReaderConnection {

    private ReaderConnection() {
    }

    /** {@code --url} for the reader role of {@link TestDatabase#get()}, followed by {@code more}. */
    public static List<String> args(String... more) {
        TestDatabase db = TestDatabase.get();
        List<String> args = new ArrayList<>(List.of("--url", "postgresql://" + db.readerUser() + "@"
                + db.host() + ":" + db.port() + "/" + db.databaseName()));
        args.addAll(List.of(more));
        return args;
    }

    /** The password travels in PGPASSWORD, as the docs recommend, never on the command line. */
    public static Map<String, String> env() {
        return Map.of("PGPASSWORD", TestDatabase.get().readerPassword());
    }
}
