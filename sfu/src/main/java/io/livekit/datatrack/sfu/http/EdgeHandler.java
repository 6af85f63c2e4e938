package io.livekit.datatrack.sfu.http;

import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.sfu.signal.SignalHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the LiveKit HTTP surface (signaling.md 1.1): health on {@code /}, the validate paths, and
 * the WebSocket upgrades on {@code /rtc} and {@code /rtc/v1} after full validation. Adds
 * {@code Access-Control-Allow-Origin: *} to every response and answers CORS preflights. Never logs
 * the query (it carries the token).
 */
final class EdgeHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeHandler.class);

    static final String ALLOWED_METHODS = "OPTIONS, HEAD, GET, POST, PATCH, DELETE";

    private final JoinValidator validator;
    private final SignalHandler signalHandler;
    private final ServerWebSocketContainer container;
    private final SignalSocket.Registry registry;
    private final long maxQueuedSendBytes;

    EdgeHandler(JoinValidator validator, SignalHandler signalHandler, ServerWebSocketContainer container,
            SignalSocket.Registry registry, long maxQueuedSendBytes) {
        this.validator = validator;
        this.signalHandler = signalHandler;
        this.container = container;
        this.registry = registry;
        this.maxQueuedSendBytes = maxQueuedSendBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (RuntimeException e) {
            // handled here so that Jetty does not log the failure together with the URI (token)
            LOG.warn("failed to handle {} {}", request.getMethod(), Request.getPathInContext(request), e);
            if (!response.isCommitted()) {
                response.reset();
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                empty(response, callback, 500);
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.is(method)) {
            preflight(request, response, callback);
            return;
        }
        String path = Request.getPathInContext(request);
        if (path.startsWith("//")) {
            path = path.substring(1); // as LiveKit's RemoveDoubleSlashes
        }
        switch (path) {
            case "/" -> text(response, callback, 200, "OK");
            case "/rtc/validate" -> validate(request, response, callback, false);
            case "/rtc/v1/validate" -> validate(request, response, callback, true);
            case "/rtc" -> upgrade(request, response, callback, false);
            case "/rtc/v1" -> upgrade(request, response, callback, true);
            default -> empty(response, callback, 404);
        }
    }

    private void preflight(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        String requested = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requested != null && !requested.isBlank()) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
        response.getHeaders().put(HttpHeader.VARY,
                "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        empty(response, callback, 204);
    }

    private void validate(Request request, Response response, Callback callback, boolean v1) {
        try {
            validated(request, v1);
            text(response, callback, 200, "success");
        } catch (JoinRejected e) {
            text(response, callback, e.status(), e.body());
        }
    }

    private void upgrade(Request request, Response response, Callback callback, boolean v1) {
        if (!isWebSocketUpgrade(request)) {
            empty(response, callback, 404);
            return;
        }
        JoinIntent intent;
        try {
            intent = validated(request, v1);
        } catch (JoinRejected e) {
            LOG.debug("refused signal connection from {}: {} {}", remote(request), e.status(), e.body());
            text(response, callback, e.status(), e.body());
            return;
        }
        // The upgrade sees the request without its query: Jetty logs the URI of a failed upgrade,
        // and the query carries the token.
        boolean upgraded = container.upgrade(
                (rq, rs, cb) -> new SignalSocket(intent, signalHandler, registry, maxQueuedSendBytes),
                new WithoutQuery(request), response, callback);
        if (!upgraded) {
            text(response, callback, 400, "invalid websocket upgrade");
        }
    }

    private JoinIntent validated(Request request, boolean v1) throws JoinRejected {
        Fields query;
        try {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw JoinRejected.badRequest("invalid query");
        }
        Function<String, String> param = query::getValue;
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return validator.validate(v1, authorization, param, Request.getRemoteAddr(request), remote(request));
    }

    /** The request with the query removed from its URI. */
    private static final class WithoutQuery extends Request.Wrapper {
        private final HttpURI uri;

        WithoutQuery(Request request) {
            super(request);
            this.uri = HttpURI.build(request.getHttpURI()).query(null).asImmutable();
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }
    }

    /** HTTP/1.1 {@code GET} with {@code Upgrade: websocket}. */
    static boolean isWebSocketUpgrade(Request request) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.UPGRADE
                    && field.getValue().toLowerCase(Locale.ROOT).contains("websocket")) {
                return true;
            }
        }
        return false;
    }

    static String remote(Request request) {
        String ip = Request.getRemoteAddr(request);
        int port = Request.getRemotePort(request);
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, null, callback);
    }
}
