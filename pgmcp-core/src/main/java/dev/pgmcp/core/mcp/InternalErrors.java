package dev.pgmcp.core.mcp;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * The last line of defence for failures nobody anticipated: any {@link Throwable}, an
 * {@link OutOfMemoryError} or a {@code NoClassDefFoundError} included. The full stack trace goes to
 * the server log under a short reference, and the caller gets only that reference, so that an
 * operator can find the trace and the caller never sees class names or a stack.
 */
public final class InternalErrors {

    private InternalErrors() {
    }

    /** A fresh reference: 8 hex digits, enough to find one line in a day's log. */
    public static String newReference() {
        return String.format(java.util.Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    }

    /**
     * Logs {@code failure} at ERROR with its stack trace under a new reference and returns the reference.
     * Never throws: when the logger itself fails (out of memory, say), the trace goes to standard error.
     *
     * @param what what was being done, for example {@code "execute_select"}
     */
    public static String log(Logger log, String what, Throwable failure) {
        String reference = newReference();
        try {
            log.error("{} failed unexpectedly [ref {}]", what, reference, failure);
        } catch (Throwable loggingFailed) {
            try {
                System.err.println("pgmcp: " + what + " failed unexpectedly [ref " + reference + "]");
                failure.printStackTrace();
            } catch (Throwable ignored) {
                // nothing is left to report with; the caller still gets its answer
            }
        }
        return reference;
    }

    /** The message a caller gets: what failed, the reference, and what to do. */
    public static String message(String what, String reference) {
        return "pgmcp hit an internal error while running " + what + " (reference " + reference
                + "); the server log has the details under that reference. Try again, or try a simpler request.";
    }
}
