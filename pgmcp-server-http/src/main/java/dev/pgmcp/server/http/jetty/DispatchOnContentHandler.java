package dev.pgmcp.server.http.jetty;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands a request with a body to the servlets only once the first bytes of that body have arrived.
 * Until then the request holds no thread, no per-caller connection and no call slot, so a client
 * that sends headers and then nothing costs only its connection, which Jetty's idle timeout closes.
 * (Jetty 12's {@code HttpConfiguration.setDelayDispatchUntilContent} does not do this for the ee11
 * servlet context.) The content is not consumed here: the servlet filters read it as usual.
 */
final class DispatchOnContentHandler extends Handler.Wrapper {

    DispatchOnContentHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod()) || request.getLength() == 0) {
            return super.handle(request, response, callback);
        }
        request.demand(() -> request.getComponents().getThreadPool().execute(() -> {
            try {
                if (!super.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
            }
        }));
        return true;
    }
}
