package dev.pgmcp.auth.rds;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts read from RDS and Aurora endpoint names. */
public final class RdsEndpoints {

    // name.cluster-ro-abc.eu-west-1.rds.amazonaws.com, name.proxy-abc.us-east-1.rds.amazonaws.com, ....amazonaws.com.cn
    private static final Pattern RDS_HOST = Pattern.compile(
            "(?i)^[^.]+\\.[^.]+\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.rds\\.amazonaws\\.com(?:\\.cn)?\\.?$");

    private RdsEndpoints() {
    }

    /** The region in an RDS endpoint name, such as {@code eu-west-1}; empty for other names. */
    public static Optional<String> region(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = RDS_HOST.matcher(host);
        return m.matches() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }
}
