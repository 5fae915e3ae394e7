package dev.pgmcp.policy.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The corpus of realistic agent queries, {@code corpus/agent-queries.sql}. Shared through this module's
 * test-jar: {@link AgentQueryCorpusTest} runs it on the module class path, and pgmcp-server-stdio's
 * {@code CorpusAndAttacksIT} through the shaded jar.
 */
public final class AgentQueryCorpus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentQueryCorpus() {
    }

    /** The corpus file: queries separated by "--;" lines, with "--@" directives. */
    public static List<CorpusQuery> load() throws IOException {
        String text;
        try (InputStream in = Objects.requireNonNull(
                AgentQueryCorpus.class.getResourceAsStream("/corpus/agent-queries.sql"), "corpus file")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<CorpusQuery> queries = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        Set<String> relations = null;
        List<Object> params = List.of();
        int start = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "--;";
            if (line.equals("--;")) {
                if (!sql.toString().isBlank()) {
                    queries.add(new CorpusQuery(start, sql.toString().strip(), relations, params));
                }
                sql.setLength(0);
                relations = null;
                params = List.of();
            } else if (line.startsWith("--@ relations:")) {
                relations = Arrays.stream(line.substring("--@ relations:".length()).split(","))
                        .map(String::strip).collect(Collectors.toSet());
            } else if (line.startsWith("--@ params:")) {
                params = Arrays.asList(JSON.readValue(line.substring("--@ params:".length()), Object[].class));
            } else if (!line.startsWith("--") && !line.isBlank()) {
                if (sql.length() == 0) {
                    start = i + 1;
                }
                sql.append(line).append('\n');
            }
        }
        return queries;
    }

    /**
     * One query of the corpus.
     *
     * @param line      its first line in the file
     * @param relations the relations its model must report, or null when not annotated
     */
    public record CorpusQuery(int line, String sql, Set<String> relations, List<Object> params) {
    }

}
