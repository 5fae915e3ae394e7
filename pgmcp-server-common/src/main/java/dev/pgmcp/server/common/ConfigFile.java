package dev.pgmcp.server.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML configuration file whose keys are the long option names without dashes, for example
 * {@code statement-timeout: 30s}. Options given on the command line win over the file. Unknown
 * keys and nested values fail loudly, except under the {@link #SECTIONS section keys}, whose
 * structured values (policy profiles, query templates, HTTP access rules) are validated by the
 * code that reads them.
 */
public final class ConfigFile {

    /** Keys whose values are mappings or lists rather than single option values. */
    public static final Set<String> SECTIONS = Set.of("profiles", "templates", "access");

    private final Path path;
    private final Map<String, String> values;
    private final Map<String, JsonNode> sections;

    private ConfigFile(Path path, Map<String, String> values, Map<String, JsonNode> sections) {
        this.path = path;
        this.values = Map.copyOf(values);
        this.sections = Map.copyOf(sections);
    }

    /** A file without options or sections. */
    public static ConfigFile empty() {
        return new ConfigFile(null, Map.of(), Map.of());
    }

    /**
     * Reads and validates the file.
     *
     * @param knownKeys the option names a key may have
     * @throws ConfigurationException when the file is missing, malformed, or has an unknown key
     */
    public static ConfigFile load(Path path, Set<String> knownKeys) {
        return read(path, knownKeys, true);
    }

    /** Reads the file for its sections and values, leaving the option keys unchecked (checked by {@link #load}). */
    public static ConfigFile loadSections(Path path) {
        return read(path, Set.of(), false);
    }

    private static ConfigFile read(Path path, Set<String> knownKeys, boolean checkKeys) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("configuration file " + path + " does not exist");
        }
        JsonNode root;
        try {
            String text = Files.readString(path);
            root = text.isBlank() ? null : YAMLMapper.builder().build().readTree(text);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read configuration file " + path + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new ConfigurationException("configuration file " + path + " is not valid YAML: "
                    + e.getOriginalMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new ConfigFile(path, values, sections);
        }
        if (!root.isObject()) {
            throw new ConfigurationException("configuration file " + path + " must be a mapping of option names "
                    + "to values, like 'statement-timeout: 30s'");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (SECTIONS.contains(key)) {
                if (!value.isNull()) {
                    sections.put(key, value);
                }
                continue;
            }
            if (checkKeys && !knownKeys.contains(key)) {
                Set<String> known = new TreeSet<>(knownKeys);
                known.addAll(SECTIONS);
                problems.add("unknown key '" + key + "' in configuration file " + path + "; known keys: "
                        + String.join(", ", known));
            } else if (value.isObject() || value.isArray()) {
                if (checkKeys) {
                    problems.add(path + ": " + key + ": must have a single value, not a list or mapping");
                }
            } else {
                values.put(key, value.isNull() ? null : value.asString());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ConfigFile(path, values, sections);
    }

    /** The value the file gives an option name, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** The structured value of one of the {@link #SECTIONS}, or null when the file has none. */
    public JsonNode section(String key) {
        if (!SECTIONS.contains(key)) {
            throw new IllegalArgumentException("not a configuration section: " + key);
        }
        return sections.get(key);
    }

    public Path path() {
        return path;
    }

    /** Finds {@code --config FILE} or {@code --config=FILE} among raw arguments, else {@code PGMCP_CONFIG}. */
    public static Path locate(List<String> args, Map<String, String> environment) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (arg.startsWith("--config=")) {
                return Path.of(arg.substring("--config=".length()));
            }
        }
        String fromEnvironment = environment.get("PGMCP_CONFIG");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }
}
