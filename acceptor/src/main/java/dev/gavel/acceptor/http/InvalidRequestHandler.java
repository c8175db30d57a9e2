package dev.gavel.acceptor.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a request the HTTP decoder could not read (a control character in a header, a request line or
 * headers over the limits) in the contract's JSON instead of Vert.x's empty 400/414/431, then closes the
 * connection: what follows on it cannot be trusted to start a request. Nothing is logged: a malformed
 * request is the client's fault, and logging it would let anyone fill the log.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

    private static final String TOO_LONG_LINE =
            "{\"error\":\"bad_request\",\"message\":\"the request line (method and URI) is too long\"}";
    private static final String TOO_LARGE_HEADERS =
            "{\"error\":\"bad_request\",\"message\":\"the request headers are too large\"}";
    private static final String MALFORMED =
            "{\"error\":\"bad_request\",\"message\":\"the request is malformed (not valid HTTP/1.1)\"}";

    @Override
    public void handle(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        HttpServerResponse response = request.response();
        if (cause instanceof TooLongHttpLineException) {
            answer(response, 414, TOO_LONG_LINE);
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer(response, 431, TOO_LARGE_HEADERS);
        } else {
            answer(response, 400, MALFORMED);
        }
        request.connection().close();
    }

    private static void answer(HttpServerResponse response, int status, String body) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader(Responses.CONTENT_TYPE, Responses.APPLICATION_JSON).end(body);
    }
}
