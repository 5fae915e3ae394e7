package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.server.http.DocumentedStartup.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every configuration and command line in README.md, docs/ and examples/ works as written: each
 * fenced YAML configuration (and examples/pgmcp.yaml) passes the hosts' start-up validation, each
 * Kubernetes manifest is well formed and its embedded pgmcp.yaml validates, and each
 * {@code java -jar pgmcp-*.jar ...} line (in sh blocks, MCP client JSON, Kubernetes containers,
 * the hosts' --help footers) parses with the host's own command spec and passes the same checks.
 * A block that is deliberately partial or a counter-example is marked with
 * {@code <!-- not-a-config -->} (YAML, JSON) or {@code <!-- not-a-command -->} (sh) on the line before it.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of(System.getProperty("pgmcp.docs.root", "..")).toAbsolutePath().normalize();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w-]*)\\s*$");
    private static final Set<String> KUBERNETES_WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job",
            "Pod", "ReplicaSet");

    private static Path scratch;

    @BeforeAll
    static void scratchDirectory() throws IOException {
        assertThat(ROOT.resolve("README.md")).as("the repository root (system property pgmcp.docs.root)").exists();
        scratch = Files.createTempDirectory("pgmcp-docs-");
    }

    @AfterAll
    static void removeScratch() throws IOException {
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyDocumentedConfigurationAndCommandWorks() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : documents()) {
            Document doc = Document.read(file);
            checked += doc.check(problems);
        }
        Path example = ROOT.resolve("examples/pgmcp.yaml");
        problems.addAll(checkConfiguration("examples/pgmcp.yaml", Files.readString(example)));
        checked++;
        for (String json : List.of("examples/claude_desktop_config.json", "examples/cursor-mcp.json")) {
            Document doc = new Document(ROOT.resolve(json), List.of());
            checked += doc.checkJson(json, Files.readString(ROOT.resolve(json)), problems);
        }
        assertThat(problems).as("documentation that does not work as written (%d configurations and commands "
                + "checked)", checked).isEmpty();
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void everyHelpFooterCommandWorks() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        Map<Host, String> context = Map.of(Host.STDIO, "docs/configuration.md", Host.HTTP, "docs/deployment.md");
        for (Host host : Host.values()) {
            Document doc = Document.read(ROOT.resolve(context.get(host)));
            for (String line : host.commandLine().getCommandSpec().usageMessage().footer()) {
                if (line.strip().startsWith("java ") || line.contains(" java -jar ")) {
                    checked += doc.checkShellLine(host.jar + " --help footer", line.strip(), problems);
                } else if (line.strip().startsWith("pgmcp-")) {
                    problems.add(host.jar + " --help footer: '" + line.strip() + "' is no command a user has; "
                            + "write java -jar " + host.jar + " ...");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    /** The checks themselves: what the documentation used to say fails them. */
    @Test
    void rejectsTheExamplesThatUsedToBeWrong() throws IOException {
        Document doc = new Document(ROOT.resolve("docs/deployment.md"), List.of());
        List<String> problems = new ArrayList<>();
        doc.checkShellLine("old deployment.md", "PGPASSWORD=... java -jar pgmcp-http.jar --url "
                + "postgresql://agent_reader@db.internal/app --listen 0.0.0.0:8080 --stateless --allowed-hosts "
                + "mcp.example.com", problems);
        assertThat(problems).singleElement().asString().contains("requires authentication");

        problems.clear();
        doc.checkBlock("old manifest", "yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: pgmcp}
                spec:
                  template:
                    spec:
                      containers:
                        - name: pgmcp
                          image: eclipse-temurin:17-jre
                          command: ["java", "-jar", "/app/pgmcp-http.jar"]
                          args: ["--config", "/etc/pgmcp/pgmcp.yaml"]
                          volumeMounts: [{name: config, mountPath: /etc/pgmcp}, {name: jar, mountPath: /app}]
                      volumes:
                        - {name: config, configMap: {name: pgmcp}}
                        - {name: jar, configMap: {name: pgmcp-jar}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: pgmcp}
                data:
                  pgmcp.yaml: |
                    url: postgresql://agent_reader@db.internal:5432/app?sslmode=verify-full
                    listen: 0.0.0.0:8080
                """, problems);
        assertThat(String.join("\n", problems)).contains("ConfigMap 'pgmcp-jar'").contains("requires authentication");

        problems.clear();
        doc.checkBlock("partial", "yaml", """
                access:
                  api-keys:
                    - {name: reporting-bot, sha256: 6f0c2b...e41a, profile: analyst}
                """, problems);
        assertThat(problems).singleElement().asString().contains("sha256");

        problems.clear();
        doc.checkShellLine("inspector", "npx @modelcontextprotocol/inspector --cli java -jar pgmcp-stdio.jar "
                + "--config pgmcp.yaml --method tools/list", problems);
        assertThat(String.join("\n", problems)).contains("-y").contains("--config");
    }

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        for (String dir : List.of("docs", "examples")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** Problems of one pgmcp configuration file, for every host that takes all of its keys. */
    private static List<String> checkConfiguration(String where, String text) {
        return checkConfiguration(where, text, Map.of());
    }

    private static List<String> checkConfiguration(String where, String text, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (RuntimeException e) {
            return List.of(where + ": not valid YAML: " + e.getMessage());
        }
        Path file = write(text);
        List<String> problems = new ArrayList<>();
        for (Host host : hostsFor(root)) {
            String problem = DocumentedStartup.problem(host, List.of("--config", file.toString()), env);
            if (problem != null) {
                problems.add(where + " (as a " + host.jar + " configuration): " + problem);
            }
        }
        return problems;
    }

    /** The stdio host too when the file uses only options it has; access sections are for the HTTP host. */
    private static List<Host> hostsFor(JsonNode root) {
        if (root == null || !root.isObject()) {
            return List.of(Host.STDIO, Host.HTTP);
        }
        Set<String> stdioKeys = optionKeys(Host.STDIO);
        for (String key : root.propertyNames()) {
            if (key.equals("access") || !(stdioKeys.contains(key) || key.equals("profiles") || key.equals("templates"))) {
                return List.of(Host.HTTP);
            }
        }
        return List.of(Host.STDIO, Host.HTTP);
    }

    private static Set<String> optionKeys(Host host) {
        Set<String> keys = new java.util.HashSet<>();
        host.commandLine().getCommandSpec().options().forEach(o -> keys.add(o.longestName().replaceFirst("^--", "")));
        return keys;
    }

    private static Path write(String text) {
        try {
            Path file = Files.createTempFile(scratch, "pgmcp-", ".yaml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fenced block of a Markdown file. */
    record Block(int line, String language, String text, boolean marked) {
    }

    /** A Markdown file: its fenced blocks and the configuration files it shows by name. */
    static final class Document {

        private final Path path;
        private final List<Block> blocks;
        /** Files shown in the document: a YAML block whose first line is "# path". */
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<List<String>> entrypoints = new ArrayList<>();

        Document(Path path, List<Block> blocks) {
            this.path = path;
            this.blocks = blocks;
            for (Block block : blocks) {
                if (block.language().equals("yaml") && block.text().startsWith("# ")) {
                    String name = block.text().lines().findFirst().orElseThrow().substring(2).strip();
                    if (name.endsWith(".yaml") && !name.contains(" ")) {
                        files.put(name, block.text());
                    }
                }
                if (block.language().equals("dockerfile")) {
                    block.text().lines().filter(l -> l.startsWith("ENTRYPOINT [")).forEach(l -> {
                        List<String> entrypoint = new ArrayList<>();
                        JSON.readTree(l.substring("ENTRYPOINT ".length())).forEach(n -> entrypoint.add(n.asString()));
                        entrypoints.add(entrypoint);
                    });
                }
            }
        }

        static Document read(Path path) throws IOException {
            List<String> lines = Files.readAllLines(path);
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher open = FENCE.matcher(lines.get(i));
                if (!open.matches()) {
                    continue;
                }
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                String before = "";
                for (int j = start - 1; j >= 0 && before.isEmpty(); j--) {
                    before = lines.get(j).strip();
                }
                boolean marked = before.startsWith("<!-- not-a-config") || before.startsWith("<!-- not-a-command");
                blocks.add(new Block(start + 1, open.group(1), text.toString(), marked));
            }
            return new Document(path, blocks);
        }

        private String where(Block block) {
            return ROOT.relativize(path) + ":" + block.line();
        }

        int check(List<String> problems) {
            int checked = 0;
            for (Block block : blocks) {
                if (!block.marked()) {
                    checked += checkBlock(where(block), block.language(), block.text(), problems);
                }
            }
            return checked;
        }

        int checkBlock(String where, String language, String text, List<String> problems) {
            switch (language) {
                case "yaml" -> {
                    List<JsonNode> documents = new ArrayList<>();
                    try {
                        YAML.readerFor(JsonNode.class).readValues(text).forEachRemaining(n -> documents.add((JsonNode) n));
                    } catch (RuntimeException e) {
                        problems.add(where + ": not valid YAML: " + e.getMessage());
                        return 1;
                    }
                    if (documents.stream().anyMatch(d -> d != null && d.has("apiVersion"))) {
                        return checkManifest(where, documents, problems);
                    }
                    if (documents.size() != 1) {
                        problems.add(where + ": a configuration file holds one YAML document, this block has "
                                + documents.size());
                        return 1;
                    }
                    problems.addAll(checkConfiguration(where, text));
                    return 1;
                }
                case "sh", "bash", "shell" -> {
                    int checked = 0;
                    for (String line : logicalLines(text)) {
                        checked += checkShellLine(where, line, problems);
                    }
                    return checked;
                }
                case "json" -> {
                    return checkJson(where, text, problems);
                }
                default -> {
                    return 0;
                }
            }
        }

        int checkJson(String where, String text, List<String> problems) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (RuntimeException e) {
                problems.add(where + ": not valid JSON: " + e.getMessage());
                return 1;
            }
            int checked = 0;
            JsonNode servers = root.path("mcpServers");
            for (Map.Entry<String, JsonNode> server : servers.properties()) {
                List<String> command = new ArrayList<>();
                command.add(server.getValue().path("command").asString());
                server.getValue().path("args").forEach(a -> command.add(a.asString()));
                Map<String, String> env = new LinkedHashMap<>();
                server.getValue().path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
                checked += checkCommand(where + " mcpServers." + server.getKey(), command, env, files, problems);
            }
            return checked;
        }

        private int checkManifest(String where, List<JsonNode> documents, List<String> problems) {
            Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
            Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
            int checked = 0;
            for (JsonNode d : documents) {
                if (d == null || !d.has("apiVersion") || !d.has("kind") || !d.path("metadata").has("name")) {
                    problems.add(where + ": every document of a Kubernetes manifest needs apiVersion, kind and "
                            + "metadata.name");
                    continue;
                }
                String name = d.path("metadata").path("name").asString();
                if (d.path("kind").asString().equals("ConfigMap")) {
                    configMaps.put(name, strings(d.path("data")));
                } else if (d.path("kind").asString().equals("Secret")) {
                    Map<String, String> data = strings(d.path("stringData"));
                    d.path("data").properties().forEach(e -> data.put(e.getKey(),
                            new String(java.util.Base64.getDecoder().decode(e.getValue().asString()))));
                    secrets.put(name, data);
                }
            }
            for (Map.Entry<String, Map<String, String>> source : concat(configMaps, secrets).entrySet()) {
                String text = source.getValue().get("pgmcp.yaml");
                if (text != null) {
                    problems.addAll(checkConfiguration(where + " " + source.getKey() + "/pgmcp.yaml", text));
                    checked++;
                }
            }
            for (JsonNode d : documents) {
                if (d == null || !KUBERNETES_WORKLOADS.contains(d.path("kind").asString())) {
                    continue;
                }
                JsonNode pod = d.path("kind").asString().equals("Pod") ? d.path("spec") : d.path("spec").path("template").path("spec");
                Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
                for (JsonNode volume : pod.path("volumes")) {
                    String volumeName = volume.path("name").asString();
                    if (volume.has("configMap")) {
                        String ref = volume.path("configMap").path("name").asString();
                        if (!configMaps.containsKey(ref)) {
                            problems.add(where + ": volume '" + volumeName + "' mounts ConfigMap '" + ref
                                    + "', which this manifest does not define (a ConfigMap holds at most 1 MiB; "
                                    + "the jar belongs in the image)");
                        }
                        volumes.put(volumeName, configMaps.getOrDefault(ref, Map.of()));
                    } else if (volume.has("secret")) {
                        String ref = volume.path("secret").path("secretName").asString();
                        if (!secrets.containsKey(ref)) {
                            problems.add(where + ": volume '" + volumeName + "' mounts Secret '" + ref
                                    + "', which this manifest does not define");
                        }
                        volumes.put(volumeName, secrets.getOrDefault(ref, Map.of()));
                    } else {
                        volumes.put(volumeName, Map.of());
                    }
                }
                for (JsonNode container : pod.path("containers")) {
                    Map<String, String> mounted = new LinkedHashMap<>(files);
                    for (JsonNode mount : container.path("volumeMounts")) {
                        String volumeName = mount.path("name").asString();
                        if (!volumes.containsKey(volumeName)) {
                            problems.add(where + ": volumeMount '" + volumeName + "' names no volume of the pod");
                        }
                        volumes.getOrDefault(volumeName, Map.of()).forEach((key, text) ->
                                mounted.put(mount.path("mountPath").asString() + "/" + key, text));
                    }
                    List<String> command = new ArrayList<>();
                    container.path("command").forEach(c -> command.add(c.asString()));
                    if (command.isEmpty()) {
                        if (entrypoints.size() != 1) {
                            problems.add(where + ": container '" + container.path("name").asString() + "' has no "
                                    + "command, and the document shows no single Dockerfile ENTRYPOINT for its image");
                            continue;
                        }
                        command.addAll(entrypoints.get(0));
                    }
                    container.path("args").forEach(a -> command.add(a.asString()));
                    Map<String, String> env = new LinkedHashMap<>();
                    container.path("env").forEach(e -> env.put(e.path("name").asString(),
                            e.has("value") ? e.path("value").asString() : "from-a-secret"));
                    checked += checkCommand(where + " container " + container.path("name").asString(), command, env,
                            mounted, problems);
                }
            }
            return checked;
        }

        /** Checks the pgmcp invocations of one shell command line; returns how many it found. */
        int checkShellLine(String where, String line, List<String> problems) {
            String text = line.startsWith("$ ") ? line.substring(2) : line;
            int checked = 0;
            for (List<String> segment : Shell.segments(text)) {
                Map<String, String> env = new LinkedHashMap<>();
                int i = 0;
                while (i < segment.size() && segment.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    String[] assignment = segment.get(i).split("=", 2);
                    env.put(assignment[0], assignment[1]);
                    i++;
                }
                List<String> command = segment.subList(i, segment.size());
                if (command.isEmpty()) {
                    continue;
                }
                if (command.get(0).equals("npx")) {
                    checked += checkNpx(where, command, env, problems);
                } else {
                    int java = command.indexOf("java");
                    if (java >= 0) {
                        checked += checkCommand(where, command.subList(java, command.size()), env, files, problems);
                    }
                }
            }
            return checked;
        }

        private int checkNpx(String where, List<String> command, Map<String, String> env, List<String> problems) {
            int i = 1;
            boolean yes = false;
            while (i < command.size() && command.get(i).startsWith("-")) {
                yes |= command.get(i).equals("-y") || command.get(i).equals("--yes");
                i++;
            }
            if (!yes) {
                problems.add(where + ": '" + String.join(" ", command) + "': npx without -y stops at a prompt "
                        + "before installing the package");
            }
            if (i >= command.size() || !command.get(i).startsWith("@modelcontextprotocol/inspector")) {
                return 1;
            }
            Inspector inspector = Inspector.parse(command.subList(i + 1, command.size()));
            if (inspector.problem() != null) {
                problems.add(where + ": '" + String.join(" ", command) + "': " + inspector.problem());
            }
            Map<String, String> serverEnv = new LinkedHashMap<>(env);
            serverEnv.putAll(inspector.env());
            return 1 + (inspector.server().isEmpty() ? 0
                    : checkCommand(where, inspector.server(), serverEnv, files, problems));
        }

        /** {@code java [jvm options] -jar JAR args...}: the pgmcp host it names, checked. */
        private int checkCommand(String where, List<String> command, Map<String, String> env, Map<String, String> shown,
                List<String> problems) {
            if (command.isEmpty() || !command.get(0).equals("java")) {
                return 0;
            }
            int jar = command.indexOf("-jar");
            if (jar < 0 || jar + 1 >= command.size()) {
                return 0;
            }
            String jarPath = command.get(jar + 1);
            Host host = Host.ofJar(jarPath);
            if (host == null) {
                if (jarPath.contains("pgmcp")) {
                    problems.add(where + ": " + jarPath + " is neither pgmcp-stdio.jar nor pgmcp-http.jar");
                }
                return 0;
            }
            List<String> args = new ArrayList<>(command.subList(jar + 2, command.size()));
            Map<String, String> environment = new LinkedHashMap<>(env);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--config") && i + 1 < args.size()) {
                    String file = configFile(args.get(i + 1), shown);
                    if (file == null) {
                        problems.add(where + ": --config " + args.get(i + 1) + " names no configuration shown in "
                                + ROOT.relativize(path));
                        return 1;
                    }
                    args.set(i + 1, file);
                } else if (arg.startsWith("--config=")) {
                    String file = configFile(arg.substring("--config=".length()), shown);
                    if (file == null) {
                        problems.add(where + ": " + arg + " names no configuration shown in " + ROOT.relativize(path));
                        return 1;
                    }
                    args.set(i, "--config=" + file);
                }
            }
            String fromEnvironment = environment.remove("PGMCP_CONFIG");
            if (fromEnvironment != null) {
                String file = configFile(fromEnvironment, shown);
                if (file == null) {
                    problems.add(where + ": PGMCP_CONFIG=" + fromEnvironment + " names no configuration shown in "
                            + ROOT.relativize(path));
                    return 1;
                }
                args.add("--config");
                args.add(file);
            }
            String problem = DocumentedStartup.problem(host, args, environment);
            if (problem != null) {
                problems.add(where + ": '" + String.join(" ", command) + "': " + problem);
            }
            return 1;
        }

        /** A documented --config path: a file shown in the document by that path or name, else examples/pgmcp.yaml. */
        private String configFile(String documented, Map<String, String> shown) {
            String name = documented.substring(documented.lastIndexOf('/') + 1);
            String text = shown.get(documented);
            if (text == null) {
                text = shown.entrySet().stream().filter(e -> e.getKey().endsWith("/" + name) || e.getKey().equals(name))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            if (text == null && name.equals("pgmcp.yaml")) {
                try {
                    text = Files.readString(ROOT.resolve("examples/pgmcp.yaml"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return text == null ? null : write(text).toString();
        }

        private static List<String> logicalLines(String text) {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                String logical = current.toString().strip();
                current.setLength(0);
                if (!logical.isEmpty() && !logical.startsWith("#")) {
                    lines.add(logical);
                }
            }
            return lines;
        }

        private static Map<String, String> strings(JsonNode node) {
            Map<String, String> values = new LinkedHashMap<>();
            node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
            return values;
        }

        private static Map<String, Map<String, String>> concat(Map<String, Map<String, String>> a,
                Map<String, Map<String, String>> b) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>();
            a.forEach((k, v) -> all.put("ConfigMap " + k, v));
            b.forEach((k, v) -> all.put("Secret " + k, v));
            return all;
        }
    }

    /** Just enough of a POSIX shell: quotes, backslashes, comments, and the operators that separate commands. */
    static final class Shell {

        private Shell() {
        }

        static List<List<String>> segments(String line) {
            List<List<String>> segments = new ArrayList<>();
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'') {
                    int end = line.indexOf('\'', i + 1);
                    word.append(line, i + 1, end < 0 ? line.length() : end);
                    i = end < 0 ? line.length() : end;
                    inWord = true;
                } else if (c == '"') {
                    int j = i + 1;
                    for (; j < line.length() && line.charAt(j) != '"'; j++) {
                        if (line.charAt(j) == '\\' && j + 1 < line.length()) {
                            j++;
                        }
                        word.append(line.charAt(j));
                    }
                    i = j;
                    inWord = true;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else if (c == '#' && !inWord) {
                    break;
                } else if (c == '|' || c == ';' || c == '&' || c == '>' || c == '<') {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    if (c == '>' || c == '<') {
                        // a redirection: drop its target
                        while (i + 1 < line.length() && (line.charAt(i + 1) == '>' || line.charAt(i + 1) == '&')) {
                            i++;
                        }
                        while (i + 1 < line.length() && Character.isWhitespace(line.charAt(i + 1))) {
                            i++;
                        }
                        while (i + 1 < line.length() && !Character.isWhitespace(line.charAt(i + 1))) {
                            i++;
                        }
                        continue;
                    }
                    if (!words.isEmpty()) {
                        segments.add(words);
                        words = new ArrayList<>();
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            if (!words.isEmpty()) {
                segments.add(words);
            }
            return segments;
        }
    }

    /**
     * How the MCP Inspector CLI splits its arguments (0.15 on Node 20, 2.x on Node 22): its own options,
     * the server command, and the environment it gives the server.
     */
    record Inspector(List<String> server, Map<String, String> env, String problem) {

        private static final Set<String> WITH_VALUE = Set.of("-e", "--config", "--server", "--method", "--tool-name",
                "--uri", "--prompt-name", "--log-level", "--transport", "--cwd", "--catalog", "--cursor");
        private static final Set<String> VARIADIC = Set.of("--tool-arg", "--prompt-args");
        private static final Set<String> FLAGS = Set.of("--cli", "--web", "--tui");

        static Inspector parse(List<String> args) {
            int dashDash = args.indexOf("--");
            Map<String, String> env = new LinkedHashMap<>();
            if (dashDash >= 0) {
                List<String> options = args.subList(0, dashDash);
                String problem = null;
                for (int i = 0; i < options.size(); i++) {
                    String option = options.get(i);
                    if (option.equals("-e") && i + 1 < options.size()) {
                        String[] kv = options.get(i + 1).split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                    if (VARIADIC.contains(option)) {
                        int j = i + 1;
                        while (j < options.size() && !options.get(j).startsWith("-")) {
                            j++;
                        }
                        if (j == options.size()) {
                            problem = option + " is the last option before --: Inspector 0.15 (the one Node 20 "
                                    + "installs) takes the server command as more of its values; put it first";
                        }
                    }
                }
                return new Inspector(List.copyOf(args.subList(dashDash + 1, args.size())), env, problem);
            }
            List<String> server = new ArrayList<>();
            String problem = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (FLAGS.contains(arg)) {
                    continue;
                }
                if (WITH_VALUE.contains(arg)) {
                    if (!server.isEmpty() && (arg.equals("--config") || arg.equals("--log-level") || arg.equals("-e"))
                            && problem == null) {
                        problem = "the Inspector takes " + arg + " for itself, not for the server: put the "
                                + "Inspector's options first and -- before the server command";
                    }
                    if (arg.equals("-e") && i + 1 < args.size()) {
                        String[] kv = args.get(i + 1).split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                    i++;
                    continue;
                }
                if (VARIADIC.contains(arg)) {
                    while (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                        i++;
                    }
                    continue;
                }
                server.add(arg);
            }
            return new Inspector(server, env, problem);
        }
    }
}
