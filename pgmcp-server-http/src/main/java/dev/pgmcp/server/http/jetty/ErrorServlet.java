package dev.pgmcp.server.http.jetty;

import dev.pgmcp.server.http.HttpErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the servlet context: every {@code sendError} and uncaught exception ends here
 * and becomes a short JSON-RPC error, whatever message or exception the sender attached.
 */
final class ErrorServlet extends HttpServlet {

    static final String PATH = "/.pgmcp-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        response.setStatus(code);
        if (code == HttpServletResponse.SC_SERVICE_UNAVAILABLE && response.getHeader("Retry-After") == null) {
            response.setHeader("Retry-After", "1");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(HttpErrors.body(null, HttpErrors.SERVER_ERROR, HttpErrors.messageFor(code)));
    }
}
