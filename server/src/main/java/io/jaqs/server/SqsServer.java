package io.jaqs.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.Jsons;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The Amazon SQS API over HTTP (AWS JSON 1.0 protocol) on a Jaqs broker core.
 *
 * <p>Inside an application, next to its JMS factory and on the same core:
 * <pre>{@code
 * JaqsConnectionFactory cf = new JaqsConnectionFactory("jdbc:h2:file:./data/jaqs");
 * SqsServer sqs = SqsServer.start(cf.getBroker(), ServerConfig.defaults().withAccessKey("app", "secret"));
 * }</pre>
 *
 * <p>It runs on the JDK's own HTTP server ({@code com.sun.net.httpserver}): one selector thread
 * accepts connections and reads request heads, {@link ServerConfig#WORKER_THREADS} workers parse
 * requests and write answers. A handler returns before its answer is ready; the answer is written
 * when the core's future completes, so a long poll holds a connection but no thread.
 */
public final class SqsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SqsServer.class.getName());
    private static final String MAX_IDLE_PROPERTY = "sun.net.httpserver.maxIdleConnections";
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final String JSON_1_0 = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AmazonSQS.";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String XML = "text/xml";
    private static final JsonReaderFactory JSON = Jsons.readerFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE)); // a repeated member is an error, not last-wins

    static {
        // The JDK server closes a kept-alive connection after its answer when 200 connections are
        // already idle, without telling the client (no "Connection: close"); a client that reuses it
        // then fails with "server failed to respond". After many long polls end at once, hundreds of
        // connections are idle, so allow more. Read once, when the JDK server's class loads.
        if (System.getProperty(MAX_IDLE_PROPERTY) == null) {
            System.setProperty(MAX_IDLE_PROPERTY, Integer.toString(ServerConfig.MAX_IDLE_CONNECTIONS));
        }
        // It writes an answer's head and body separately; without TCP_NODELAY, Nagle's algorithm holds
        // the body back until the client's delayed ACK of the head (tens of ms per request).
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final Broker broker;
    private final ServerConfig config;
    private final HttpServer http;
    private final ExecutorService workers;
    private final SigV4 sigV4;
    private final ReceivePolls polls = new ReceivePolls();
    private final SqsActions actions;
    /** The actions on the broker as each access key may use it (permissions configured). */
    private final Map<String, SqsActions> actionsByKey = new java.util.concurrent.ConcurrentHashMap<>();
    private final QueueUrls urls;
    private final Map<String, HttpRoute> routes = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    private SqsServer(Broker broker, ServerConfig config, java.time.Clock wallClock) throws IOException {
        this.broker = broker;
        this.config = config;
        if (config.accessKeys().isEmpty() && !config.open()) {
            throw new IllegalArgumentException("Configure at least one access key (ID:SECRET), or start the server in open mode");
        }
        if (config.open() && config.security().authorizes()) {
            throw new IllegalArgumentException("Permissions need signed requests (their access key id is the user): "
                    + "configure access keys instead of open mode");
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.bind()), config.port());
        if (config.tls()) {
            HttpsServer https = HttpsServer.create(address, ServerConfig.ACCEPT_BACKLOG);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(config)));
            this.http = https;
        } else {
            this.http = HttpServer.create(address, ServerConfig.ACCEPT_BACKLOG);
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(ServerConfig.WORKER_THREADS, ServerConfig.WORKER_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jaqs-sqs-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
        String advertised = config.advertisedUrl() != null ? config.advertisedUrl()
                : (config.tls() ? "https" : "http") + "://" + hostOf(config.bind()) + ":" + http.getAddress().getPort();
        this.urls = new QueueUrls(advertised, config.accountId());
        this.sigV4 = new SigV4(config.accessKeys(), wallClock, ServerConfig.MAX_CLOCK_SKEW);
        this.actions = new SqsActions(broker, urls, polls, config.accountId(), workers);
    }

    /** Starts serving the SQS API on {@code broker} (which stays the caller's: {@link #close} does not close it). */
    public static SqsServer start(Broker broker, ServerConfig config) {
        return start(broker, config, java.time.Clock.systemUTC());
    }

    /**
     * @param wallClock the clock signatures are checked against (real time: the broker's clock may be a
     *                  test's manual one, while clients sign with the real time)
     */
    static SqsServer start(Broker broker, ServerConfig config, java.time.Clock wallClock) {
        try {
            SqsServer s = new SqsServer(broker, config, wallClock);
            s.http.start();
            if (config.open()) {
                LOG.warning("Jaqs SQS server on " + s.url() + " runs in OPEN mode: it accepts unsigned requests and any"
                        + " signature. For local development only.");
            }
            LOG.info("Jaqs SQS API listening on " + s.http.getAddress() + ", queue URLs " + s.urls.base() + "/"
                    + config.accountId() + "/<queue>");
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    private static String hostOf(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static SSLContext sslContext(ServerConfig config) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(config.keystore())) {
            char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12; reads JKS too
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot use keystore " + config.keystore() + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the chosen one when configured with 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The endpoint to give SDKs: scheme, advertised host and port. */
    public String url() {
        return urls.base();
    }

    public Broker broker() {
        return broker;
    }

    /** Long polls waiting now. */
    public int waitingReceives() {
        return polls.waiting();
    }

    /**
     * Serves {@code route} for every request whose path is {@code prefix} or starts with
     * {@code prefix + "/"} (e.g. "/console"). Routes are checked before the SQS API.
     */
    public void mount(String prefix, HttpRoute route) {
        if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")) {
            throw new IllegalArgumentException("A mount prefix looks like /name, got '" + prefix + "'");
        }
        routes.put(prefix, route);
    }

    /**
     * Stops: new requests are refused, waiting long polls are answered with no messages (they took
     * none), answers being written are finished, then the port is released. The broker stays open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        polls.stop();
        http.stop(1); // waits up to 1 s for exchanges still writing their answers
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ requests

    private void handle(HttpExchange ex) {
        String requestId = UUID.randomUUID().toString();
        boolean query = false;
        try {
            String path = ex.getRequestURI().getPath();
            HttpRoute route = route(path);
            if (route != null) {
                serveRoute(ex, route, path);
                return;
            }
            if (path.equals("/health")) {
                health(ex);
                return;
            }
            Map<String, List<String>> headers = lowerCaseHeaders(ex);
            String contentType = first(headers, "content-type");
            String rawQuery = ex.getRequestURI().getRawQuery();
            query = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)
                    || "GET".equals(ex.getRequestMethod()) && rawQuery != null && rawQuery.contains("Action=");
            if (closed) {
                throw SqsError.unavailable("The server is stopping");
            }
            byte[] body = readBody(ex);
            if (query) {
                serveQuery(ex, requestId, headers, body, rawQuery, path);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                throw SqsError.unknownOperation("The SQS API takes POST requests (AWS JSON 1.0) or Query requests; got "
                        + ex.getRequestMethod() + " without Action=");
            }
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JSON_1_0)) {
                throw SqsError.unknownOperation("This server speaks the AWS JSON 1.0 protocol (Content-Type: " + JSON_1_0
                        + ", X-Amz-Target: AmazonSQS.<Action>) and the Query protocol (" + FORM + ", Action=...); got Content-Type "
                        + contentType);
            }
            SqsActions.Caller caller = authenticate(ex, headers, body);
            String target = first(headers, "x-amz-target");
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw SqsError.unknownOperation("X-Amz-Target must be AmazonSQS.<Action>, got " + target);
            }
            SqsActions.Action action = actionsFor(caller).action(target.substring(TARGET_PREFIX.length()));
            if (action == null) {
                throw SqsError.unknownOperation("Unknown operation " + target);
            }
            JsonParams params = new JsonParams(parse(body));
            CompletableFuture<JsonObject> answer = action.apply(params, caller);
            if (answer.isDone()) { // most actions: answer on this thread
                answer(ex, requestId, answer, null);
            } else {
                answer.whenCompleteAsync((r, e) -> answer(ex, requestId, answer, null), workers);
            }
        } catch (SqsError e) {
            error(ex, requestId, e, query);
        } catch (BrokerException e) {
            error(ex, requestId, SqsError.of(e), query);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Request " + requestId + " failed", e);
            error(ex, requestId, SqsError.internal("Internal failure: " + e), query);
        }
    }

    /** A Query protocol request: form parameters (body and query string) in, XML out. */
    private void serveQuery(HttpExchange ex, String requestId, Map<String, List<String>> headers, byte[] body, String rawQuery,
                            String path) {
        SqsActions.Caller caller = authenticate(ex, headers, body);
        Map<String, List<String>> params = SigV4.parseQuery(rawQuery);
        String form = utf8(body);
        SigV4.parseQuery(form).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        List<String> names = params.get("Action");
        if (names == null || names.isEmpty() || names.get(0).isEmpty()) {
            throw SqsError.sqs(400, "MissingAction", "MissingAction", "The request must contain the parameter Action.");
        }
        String name = names.get(0);
        SqsActions.Action action = actionsFor(caller).action(name);
        if (action == null) {
            throw SqsError.sqs(400, "InvalidAction", "InvalidAction", "The action " + name + " is not valid for this endpoint.");
        }
        String[] segments = path.split("/");
        String pathQueueUrl = segments.length == 3 && !segments[2].isEmpty() ? urls.of(segments[2]) : null;
        JsonParams p = new JsonParams(QueryProtocol.toJson(name, params, pathQueueUrl));
        CompletableFuture<JsonObject> answer = action.apply(p, caller);
        if (answer.isDone()) {
            answer(ex, requestId, answer, name);
        } else {
            answer.whenCompleteAsync((r, e) -> answer(ex, requestId, answer, name), workers);
        }
    }

    /** The actions as the caller's access key may use them: each checked against the configured permissions. */
    private SqsActions actionsFor(SqsActions.Caller caller) {
        if (!config.security().authorizes() || caller.accessKeyId() == null) {
            return actions;
        }
        return actionsByKey.computeIfAbsent(caller.accessKeyId(),
                k -> new SqsActions(config.security().forUser(broker, k), urls, polls, config.accountId(), workers));
    }

    private SqsActions.Caller authenticate(HttpExchange ex, Map<String, List<String>> headers, byte[] body) {
        if (config.open()) {
            return new SqsActions.Caller(null);
        }
        URIParts uri = new URIParts(ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery());
        return new SqsActions.Caller(sigV4.verify(ex.getRequestMethod(), uri.path, uri.query, headers, body));
    }

    private record URIParts(String path, String query) {
    }

    /** @param queryAction the action of a Query protocol request (XML answer), or null (JSON) */
    private void answer(HttpExchange ex, String requestId, CompletableFuture<JsonObject> answer, String queryAction) {
        JsonObject result;
        try {
            result = answer.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            boolean query = queryAction != null;
            if (cause instanceof SqsError s) {
                error(ex, requestId, s, query);
            } else if (cause instanceof BrokerException b) {
                error(ex, requestId, SqsError.of(b), query);
            } else {
                LOG.log(Level.WARNING, "Request " + requestId + " failed", cause);
                error(ex, requestId, SqsError.internal("Internal failure: " + cause), query);
            }
            return;
        }
        if (queryAction != null) {
            send(ex, requestId, 200, XML, Map.of(), QueryProtocol.response(queryAction, result, requestId).getBytes(StandardCharsets.UTF_8));
        } else {
            send(ex, requestId, 200, JSON_1_0, Map.of(), result.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void error(HttpExchange ex, String requestId, SqsError e, boolean query) {
        if (query) {
            send(ex, requestId, e.status(), XML, Map.of(), QueryProtocol.error(e, requestId).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String json = Jsons.object().add("__type", e.type())
                .add("message", e.getMessage() == null ? "" : e.getMessage()).build().toString();
        send(ex, requestId, e.status(), JSON_1_0, Map.of("x-amzn-query-error", e.queryErrorHeader()), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, String requestId, int status, String contentType, Map<String, String> headers, byte[] body) {
        try {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Client went away before its answer was written", e);
        } finally {
            ex.close();
        }
    }

    /** The whole request body, at most {@link ServerConfig#MAX_REQUEST_BYTES}. */
    private static byte[] readBody(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(ServerConfig.MAX_REQUEST_BYTES + 1);
            if (body.length > ServerConfig.MAX_REQUEST_BYTES) {
                throw SqsError.tooLarge("The request body is larger than " + ServerConfig.MAX_REQUEST_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw SqsError.serialization("Cannot read the request body: " + e.getMessage());
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw SqsError.serialization("The request body is not valid UTF-8");
        }
    }

    /** The body as a JSON object: valid UTF-8, well-formed, no repeated member. An empty body is {}. */
    private static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        String text = utf8(body);
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject o)) {
                throw SqsError.serialization("The request body must be a JSON object, got " + v.getValueType());
            }
            return o;
        } catch (JsonException | IllegalStateException e) {
            throw SqsError.serialization("The request body is not well-formed JSON: " + e.getMessage());
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    // ------------------------------------------------------------------ health and mounted routes

    /** 200 when a real round trip to the store works, 503 with the reason when not. */
    private void health(HttpExchange ex) {
        int status;
        String json;
        try {
            broker.listQueues("jaqs-health-probe-"); // a store read: proves the database answers
            status = closed ? 503 : 200;
            json = Jsons.object().add("status", closed ? "STOPPING" : "UP").build().toString();
        } catch (RuntimeException e) {
            status = 503;
            json = Jsons.object().add("status", "DOWN").add("error", String.valueOf(e.getMessage())).build().toString();
        }
        try {
            readBody(ex);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        } catch (IOException | SqsError e) {
            LOG.log(Level.FINE, "health answer not written", e);
        } finally {
            ex.close();
        }
    }

    private HttpRoute route(String path) {
        for (Map.Entry<String, HttpRoute> e : routes.entrySet()) {
            String p = e.getKey();
            if (path.equals(p) || path.startsWith(p + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    private void serveRoute(HttpExchange ex, HttpRoute route, String path) {
        String prefix = routes.keySet().stream().filter(p -> path.equals(p) || path.startsWith(p + "/")).findFirst().orElse("");
        byte[] body = readBody(ex);
        HttpRoute.Request request = new HttpRoute.Request(ex.getRequestMethod(), path.substring(prefix.length()),
                ex.getRequestURI().getRawQuery(), lowerCaseHeaders(ex), body);
        CompletableFuture<HttpRoute.Response> response;
        try {
            response = route.handle(request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenCompleteAsync((r, e) -> {
            try {
                HttpRoute.Response out = e != null ? HttpRoute.Response.text(500, "Internal failure: " + e) : r;
                ex.getResponseHeaders().set("Content-Type", out.contentType());
                out.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(out.status(), out.body().length == 0 ? -1 : out.body().length);
                if (out.body().length > 0) {
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(out.body());
                    }
                }
            } catch (IOException io) {
                LOG.log(Level.FINE, "route answer not written", io);
            } finally {
                ex.close();
            }
        }, workers);
    }
}
