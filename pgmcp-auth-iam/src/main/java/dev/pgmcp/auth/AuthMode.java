package dev.pgmcp.auth;

import java.util.Locale;

/** How pgmcp obtains the database password. */
public enum AuthMode {
    /** A password from the URL, PGPASSWORD, .pgpass, or a password file. */
    STATIC("static"),
    /** An Amazon RDS / Aurora IAM authentication token. */
    RDS_IAM("rds-iam"),
    /** A user name and password from AWS Secrets Manager. */
    SECRETS_MANAGER("secrets-manager");

    private final String optionValue;

    AuthMode(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    /** Parses {@code static}, {@code rds-iam} or {@code secrets-manager}. */
    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.optionValue.equals(text.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown auth mode \"" + text + "\"; expected static, rds-iam or secrets-manager");
    }
}
