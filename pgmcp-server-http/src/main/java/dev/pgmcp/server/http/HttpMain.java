package dev.pgmcp.server.http;

import dev.pgmcp.server.common.CommandLines;

/** Entry point of {@code pgmcp-http.jar}. */
public final class HttpMain {

    private HttpMain() {
    }

    public static void main(String[] args) {
        int code = CommandLines.execute(new HttpCommand(), args, System.getenv());
        System.exit(code);
    }
}
