package dev.pgmcp.policy.profile;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Parses profile configuration written as YAML, as the configuration file holds it. */
final class Yaml {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Yaml() {
    }

    static JsonNode section(String yaml) {
        return YAML.readTree(yaml).get("profiles");
    }

    static Map<String, PolicyProfile> profiles(String yaml) {
        return ProfileConfig.parse(section(yaml));
    }
}
