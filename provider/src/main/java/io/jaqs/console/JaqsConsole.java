package io.jaqs.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jaqs.broker.Broker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web console in an application's JVM, on the JDK's {@code com.sun.net.httpserver}:
 *
 * <pre>{@code
 * JaqsConsole console = JaqsConsole.start(factory.getBroker(), new InetSocketAddress("127.0.0.1", 8161), "admin", "secret");
 * // http://127.0.0.1:8161/ ... console.close();
 * }</pre>
 * Bind it to a loopback or otherwise protected address: it speaks plain HTTP, so Basic credentials
 * cross the network readable.
 */
public final class JaqsConsole implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private JaqsConsole(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts the console; {@code adminUser} null for read-only. Port 0 picks a free port ({@link #port()}). */
    public static JaqsConsole start(Broker broker, InetSocketAddress address, String adminUser, String adminPassword) {
        return start(new ConsoleHandler(broker, adminUser, adminPassword), address);
    }

    public static JaqsConsole start(ConsoleHandler handler, InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Jaqs console on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jaqs-console");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(handler, exchange));
        server.start();
        return new JaqsConsole(server, threads);
    }

    private static void serve(ConsoleHandler handler, HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            ConsoleResponse r = handler.handle(new ConsoleRequest(x.getRequestMethod(), x.getRequestURI().getPath(),
                    ConsoleHandler.parseQuery(x.getRequestURI().getRawQuery()), body,
                    x.getRequestHeaders().getFirst("Authorization")));
            x.getResponseHeaders().set("Content-Type", r.contentType());
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
