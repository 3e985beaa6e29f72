package io.jaqs.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An extra HTTP route mounted on an {@link SqsServer} under a path prefix (the web console, say).
 * Protocol-neutral: it sees a request as plain values and answers with plain values, so it does
 * not depend on the HTTP server the SQS endpoint runs on. The answer may complete later, on any
 * thread; no thread waits for it.
 */
@FunctionalInterface
public interface HttpRoute {

    CompletableFuture<Response> handle(Request request);

    /**
     * @param path    the path after the mount prefix, starting with '/' (or empty)
     * @param query   the raw query string, or null
     * @param headers header names in lower case
     */
    record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
        public static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
