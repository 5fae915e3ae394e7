package dev.pgmcp.server.http.auth;

import dev.pgmcp.server.http.JsonResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a refusal: the status, an RFC 6750 {@code WWW-Authenticate: Bearer} challenge that
 * points at the protected resource metadata (RFC 9728), and a short JSON body
 * {@code {"error": ..., "error_description": ...}}. Nothing else, never a stack trace.
 */
final class Refusals {

    private final String metadataUrl;

    /** @param metadataUrl the metadata document's URL, or null when OAuth is not configured */
    Refusals(String metadataUrl) {
        this.metadataUrl = metadataUrl;
    }

    void write(HttpServletResponse response, AuthFailure failure) throws IOException {
        response.resetBuffer();
        if (failure.status() == 503) {
            response.setHeader("Retry-After", "10");
        } else {
            response.setHeader("WWW-Authenticate", challenge(failure));
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", failure.error() == null ? "unauthorized" : failure.error());
        body.put("error_description", failure.description());
        response.setHeader("Cache-Control", "no-store");
        JsonResponses.write(response, failure.status(), body);
        response.flushBuffer();
    }

    String challenge(AuthFailure failure) {
        List<String> parameters = new ArrayList<>();
        parameters.add(metadataUrl != null ? "resource_metadata=\"" + metadataUrl + "\"" : "realm=\"pgmcp\"");
        if (failure.error() != null) {
            parameters.add("error=\"" + failure.error() + "\"");
            parameters.add("error_description=\"" + headerSafe(failure.description()) + "\"");
        }
        if (failure.scope() != null) {
            parameters.add("scope=\"" + headerSafe(failure.scope()) + "\"");
        }
        return "Bearer " + String.join(", ", parameters);
    }

    /** RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in these values: no quote, no backslash, ASCII only. */
    private static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            safe.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return safe.toString();
    }
}
