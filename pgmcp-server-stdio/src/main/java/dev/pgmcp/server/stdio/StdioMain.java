package dev.pgmcp.server.stdio;

import dev.pgmcp.server.common.CommandLines;

/** Entry point of {@code pgmcp-stdio.jar}. */
public final class StdioMain {

    private StdioMain() {
    }

    public static void main(String[] args) {
        int code = CommandLines.execute(new StdioCommand(), args, System.getenv());
        System.exit(code);
    }
}
