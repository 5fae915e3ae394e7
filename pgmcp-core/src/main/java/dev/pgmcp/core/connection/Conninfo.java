package dev.pgmcp.core.connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a libpq connection string, either a URI ({@code postgresql://user@host:5432/db?sslmode=require})
 * or key/value form ({@code host=db.example.com dbname=app user=reader}), into libpq key words.
 * Multiple hosts ({@code postgresql://h1:5432,h2:5433/db}) become comma-separated {@code host}
 * and {@code port} values, as libpq holds them.
 */
public final class Conninfo {

    private Conninfo() {
    }

    /** @return libpq key words in the order written; keys are not validated here */
    public static Map<String, String> parse(String conninfo) {
        String trimmed = conninfo.strip();
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return parseUri(trimmed);
        }
        if (trimmed.startsWith("jdbc:")) {
            throw new ConnectionConfigException("'" + redact(trimmed) + "' is a JDBC URL: pass it with --jdbc-url, "
                    + "or write it as a libpq URI (postgresql://user@host:port/dbname)");
        }
        return parseKeyValue(trimmed);
    }

    private static Map<String, String> parseUri(String uri) {
        Map<String, String> result = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                result.put("user", decode(user, "user name"));
            }
            if (colon >= 0) {
                result.put("password", decode(userInfo.substring(colon + 1), "password"));
            }
        }
        if (!rest.isEmpty()) {
            List<String> hosts = new ArrayList<>();
            List<String> ports = new ArrayList<>();
            for (String hostPort : rest.split(",", -1)) {
                String host = hostPort;
                String port = "";
                if (hostPort.startsWith("[")) {
                    int close = hostPort.indexOf(']');
                    if (close < 0) {
                        throw new ConnectionConfigException("invalid URI: unterminated IPv6 address in '" + hostPort + "'");
                    }
                    host = hostPort.substring(1, close);
                    if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                        port = hostPort.substring(close + 2);
                    }
                } else {
                    int colon = hostPort.lastIndexOf(':');
                    if (colon >= 0) {
                        host = hostPort.substring(0, colon);
                        port = hostPort.substring(colon + 1);
                    }
                }
                hosts.add(decode(host, "host"));
                ports.add(port);
            }
            if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
                result.put("host", String.join(",", hosts));
            }
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                result.put("port", String.join(",", ports));
            }
        }
        if (path != null && !path.isEmpty()) {
            result.put("dbname", decode(path, "database name"));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new ConnectionConfigException("invalid URI query parameter '" + pair + "': expected key=value");
                }
                String key = decode(pair.substring(0, eq), "parameter name");
                result.put(key, decode(pair.substring(eq + 1), "value of " + key));
            }
        }
        return result;
    }

    private static Map<String, String> parseKeyValue(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw new ConnectionConfigException("missing \"=\" after \"" + key
                        + "\" in connection info string; expected key=value pairs or a postgresql:// URI");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ConnectionConfigException("unterminated quoted string in connection info string");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
            }
            result.put(key, value.toString());
        }
        return result;
    }

    private static String decode(String text, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new ConnectionConfigException("invalid percent-encoded token in URI " + what);
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new ConnectionConfigException("invalid percent-encoded token in URI " + what);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The text with any password in a URI's user info replaced, for error messages. */
    static String redact(String text) {
        return text.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&\\s]*", "$1***");
    }
}
