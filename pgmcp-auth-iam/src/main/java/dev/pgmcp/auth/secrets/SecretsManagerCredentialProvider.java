package dev.pgmcp.auth.secrets;

import dev.pgmcp.auth.RefreshingCredentialProvider;
import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import dev.pgmcp.core.runtime.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The user name and password of a JSON secret in AWS Secrets Manager (the RDS layout
 * {@code {"username": ..., "password": ...}} by default; key names configurable). The secret is
 * cached for a TTL and fetched again after it, or at once after a rejected login, so a rotation
 * is picked up without a restart.
 */
public final class SecretsManagerCredentialProvider extends RefreshingCredentialProvider implements AutoCloseable {

    private final SecretsManagerClient client;
    private final String secretId;
    private final String usernameKey;
    private final String passwordKey;
    private final String fallbackUsername;
    private final Duration ttl;

    /**
     * @param client           a Secrets Manager client (region, credentials, endpoint)
     * @param secretId         the secret's name or ARN
     * @param usernameKey      JSON key of the user name
     * @param passwordKey      JSON key of the password
     * @param fallbackUsername the role when the secret has no user name, or null to require one
     * @param ttl              how long a fetched secret is reused
     */
    public SecretsManagerCredentialProvider(SecretsManagerClient client, String secretId, String usernameKey,
                                            String passwordKey, String fallbackUsername, Duration ttl, Clock clock) {
        super(clock);
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.usernameKey = Objects.requireNonNull(usernameKey, "usernameKey");
        this.passwordKey = Objects.requireNonNull(passwordKey, "passwordKey");
        this.fallbackUsername = fallbackUsername;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("secret TTL must be positive, was " + DurationText.format(ttl));
        }
        this.ttl = ttl;
    }

    @Override
    protected Fetched fetch(Instant now) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(secretId));
        } catch (SdkException e) {
            throw new CredentialException("cannot read secret " + secretId + " from AWS Secrets Manager: "
                    + firstLine(e.getMessage()), e);
        }
        String text = response.secretString();
        if (text == null) {
            throw new CredentialException("secret " + secretId + " has no SecretString (binary secrets are not supported)");
        }
        Map<String, JsonNode> fields;
        try {
            JsonNode json = JsonNode.parser().parse(text);
            if (!json.isObject()) {
                throw new CredentialException("secret " + secretId + " is not a JSON object with keys \""
                        + usernameKey + "\" and \"" + passwordKey + "\"");
            }
            fields = json.asObject();
        } catch (RuntimeException e) {
            if (e instanceof CredentialException ce) {
                throw ce;
            }
            // The parser's message may quote the secret: do not repeat it.
            throw new CredentialException("secret " + secretId + " is not valid JSON");
        }
        String password = string(fields, passwordKey);
        if (password == null) {
            throw new CredentialException("secret " + secretId + " has no string key \"" + passwordKey + "\"");
        }
        String username = string(fields, usernameKey);
        if (username == null) {
            username = fallbackUsername;
        }
        if (username == null) {
            throw new CredentialException("secret " + secretId + " has no string key \"" + usernameKey + "\"");
        }
        return new Fetched(new DatabaseCredentials(username, password, null), now.plus(ttl));
    }

    private static String string(Map<String, JsonNode> fields, String key) {
        JsonNode node = fields.get(key);
        return node != null && node.isString() ? node.asString() : null;
    }

    @Override
    public String description() {
        return "AWS Secrets Manager secret " + secretId;
    }

    @Override
    public void close() {
        client.close();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown cause";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
