package dev.pgmcp.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/** Rewrites PostgreSQL JDBC URLs of the form {@code jdbc:postgresql://host:port/database?params}. */
final class JdbcUrls {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(?:\\?(.*))?$");

    private JdbcUrls() {}

    /** Whether {@code url} has the form this class understands. Never echo the URL: it may hold a password. */
    static boolean isValid(String url) {
        return url != null && URL.matcher(url).matches() && Driver.parseURL(url, null) != null;
    }

    /** The same URL pointing at another database. */
    static String withDatabase(String url, String database) {
        Matcher m = matcher(url);
        String query = m.group(3);
        return m.group(1) + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** The same URL without {@code user} and {@code password} parameters. */
    static String withoutCredentials(String url) {
        Matcher m = matcher(url);
        List<String> kept = new ArrayList<>();
        if (m.group(3) != null) {
            for (String param : m.group(3).split("&")) {
                String name = URLDecoder.decode(param.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!param.isEmpty() && !name.equals("user") && !name.equals("password")) {
                    kept.add(param);
                }
            }
        }
        return m.group(1) + (m.group(2) == null ? "/" : m.group(2)) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /** The same URL with these credentials instead of any it had. */
    static String withCredentials(String url, String user, String password) {
        String bare = withoutCredentials(url);
        StringBuilder b = new StringBuilder(bare).append(bare.contains("?") ? '&' : '?');
        b.append("user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (password != null) {
            b.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** The first host named in the URL. */
    static String host(String url) {
        return parse(url).getProperty("PGHOST").split(",")[0];
    }

    /** The first port named in the URL. */
    static int port(String url) {
        return Integer.parseInt(parse(url).getProperty("PGPORT").split(",")[0]);
    }

    private static Properties parse(String url) {
        Properties props = Driver.parseURL(url, null);
        if (props == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL");
        }
        return props;
    }

    private static Matcher matcher(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Expected a URL like jdbc:postgresql://host:port/database?user=...&password=...");
        }
        return m;
    }
}
