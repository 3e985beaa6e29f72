package io.jaqs.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jaqs.broker.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ceiling of the SQS-over-HTTP bench: the JDK's HTTP server (the one Jaqs's server uses) answering
 * the bench's five actions with well-formed responses and no queue behind them. It parses each request
 * and computes the MD5 digests the SDK checks, as any server must, and stores nothing: receives get ten
 * messages every time, deletes always succeed. What the client and the HTTP exchange cost on this
 * machine, so that a server's rate can be read against the most any server in this JVM could reach.
 */
final class CannedSqsServer implements AutoCloseable {
    private static final String RECEIVED_BODY = "x".repeat(256);
    private final HttpServer http;
    private final ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors() * 2);

    CannedSqsServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        http.createContext("/", this::answer);
        http.setExecutor(workers);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonObject request;
            try (var reader = Jsons.reader(new InputStreamReader(exchange.getRequestBody(), StandardCharsets.UTF_8))) {
                request = reader.readObject();
            }
            JsonObject response = switch (target == null ? "" : target.substring(target.indexOf('.') + 1)) {
                case "CreateQueue" -> Jsons.object().add("QueueUrl", url() + "/000000000000/" + request.getString("QueueName")).build();
                case "SendMessage" -> Jsons.object().add("MessageId", UUID.randomUUID().toString())
                        .add("MD5OfMessageBody", md5(request.getString("MessageBody"))).build();
                case "SendMessageBatch" -> batch(request, true);
                case "DeleteMessageBatch" -> batch(request, false);
                case "ReceiveMessage" -> received(request.getInt("MaxNumberOfMessages", 1));
                default -> null;
            };
            byte[] body = (response == null ? "{\"__type\":\"com.amazonaws.sqs#UnsupportedOperation\"}" : response.toString())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(response == null ? 400 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static JsonObject batch(JsonObject request, boolean send) {
        JsonArrayBuilder ok = Jsons.array();
        for (JsonValue v : request.getJsonArray("Entries")) {
            JsonObject entry = v.asJsonObject();
            JsonObjectBuilder result = Jsons.object().add("Id", entry.getString("Id"));
            if (send) {
                result.add("MessageId", UUID.randomUUID().toString()).add("MD5OfMessageBody", md5(entry.getString("MessageBody")));
            }
            ok.add(result);
        }
        return Jsons.object().add("Successful", ok).add("Failed", Jsons.array()).build();
    }

    private static JsonObject received(int max) {
        JsonArrayBuilder messages = Jsons.array();
        String md5 = md5(RECEIVED_BODY);
        for (int i = 0; i < max; i++) {
            messages.add(Jsons.object().add("MessageId", UUID.randomUUID().toString())
                    .add("ReceiptHandle", UUID.randomUUID().toString()).add("MD5OfBody", md5).add("Body", RECEIVED_BODY));
        }
        return Jsons.object().add("Messages", messages).build();
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
