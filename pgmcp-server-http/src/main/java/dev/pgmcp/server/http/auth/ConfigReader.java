package dev.pgmcp.server.http.auth;

import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.http.HttpSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Strict reading of one YAML mapping of the access section; every error names the key's full path. */
final class ConfigReader {

    private final JsonNode node;
    private final String path;

    private ConfigReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** A reader for {@code node}, which must be a mapping whose keys are all in {@code allowed}. */
    static ConfigReader mapping(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new ConfigurationException(path + " must be a mapping of keys to values, for example '"
                    + new TreeSet<>(allowed).iterator().next() + ": ...'");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw new ConfigurationException("unknown key '" + entry.getKey() + "' in " + path + "; known keys: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return new ConfigReader(node, path);
    }

    String path(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    JsonNode node(String key) {
        return node.get(key);
    }

    /** A required, non-blank single value. */
    String string(String key) {
        String value = optionalString(key);
        if (value == null) {
            throw new ConfigurationException(path(key) + " is required");
        }
        return value;
    }

    /** A non-blank single value, or null when the key is absent. */
    String optionalString(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (value.isObject() || value.isArray()) {
            throw new ConfigurationException(path(key) + " must be a single value, not a list or mapping");
        }
        String text = value.asString().strip();
        if (text.isEmpty()) {
            throw new ConfigurationException(path(key) + " must not be empty");
        }
        return text;
    }

    /** A list of non-blank single values (a single value counts as a list of one); empty when absent. */
    List<String> strings(String key) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode value = node.get(key);
        List<String> result = new ArrayList<>();
        if (value.isArray()) {
            int i = 0;
            for (JsonNode item : value) {
                if (item.isObject() || item.isArray() || item.isNull() || item.asString().isBlank()) {
                    throw new ConfigurationException(path(key) + "[" + i + "] must be a non-empty single value");
                }
                result.add(item.asString().strip());
                i++;
            }
        } else {
            result.add(optionalString(key));
        }
        return List.copyOf(new LinkedHashSet<>(result));
    }

    /** The items of a list-valued key; empty when absent. */
    List<JsonNode> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            throw new ConfigurationException(path(key) + " must be a list (items starting with '- ')");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /**
     * An absolute http(s) URL without fragment or user info; plain http only for loopback hosts
     * (local tests and development), https everywhere else.
     */
    URI url(String key) {
        String text = optionalString(key);
        return text == null ? null : url(path(key), text);
    }

    static URI url(String path, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(path + " is not a valid URL: '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new ConfigurationException(path + " must be an absolute https:// URL, not '" + text + "'");
        }
        if (uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new ConfigurationException(path + " must not contain a fragment (#...) or user info: '" + text + "'");
        }
        if (scheme.equals("http") && (uri.getHost() == null || !HttpSettings.isLoopbackName(uri.getHost()))) {
            throw new ConfigurationException(path + " must use https:// (plain http is only allowed for loopback "
                    + "hosts such as 127.0.0.1): '" + text + "'");
        }
        return uri;
    }
}
