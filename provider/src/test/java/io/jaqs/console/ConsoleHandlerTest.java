package io.jaqs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerTestSupport;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.SendMessageRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The console's handler and its JDK HTTP server, without a browser: the JSON API and its rules. */
class ConsoleHandlerTest extends BrokerTestSupport {
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));

    private static JsonObject json(ConsoleResponse r) {
        return Json.createReader(new StringReader(new String(r.body(), StandardCharsets.UTF_8))).readObject();
    }

    private static ConsoleRequest get(String path, Map<String, String> query) {
        return new ConsoleRequest("GET", path, query, new byte[0], null);
    }

    private static ConsoleRequest post(String path, String authorization) {
        return new ConsoleRequest("POST", path, Map.of(), new byte[0], authorization);
    }

    @Test
    void overviewBrowsePurgeAndRedriveWithTheirRules() throws Exception {
        queue("dlq");
        queue("work", "RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":\"1\"}");
        broker.sendMessage("work", SendMessageRequest.builder("hello <b>console</b>")
                .attribute("customer", io.jaqs.broker.MessageAttributeValue.string("42")).build());
        broker.sendMessage("work", SendMessageRequest.builder(new byte[] {(byte) 0xff, 0, 1}).providerAttributeRules().build()); // as a JMS BytesMessage
        ConsoleHandler console = new ConsoleHandler(broker, "admin", "secret");

        JsonObject o = json(console.handle(get("/api/overview", Map.of())));
        assertEquals(false, o.getBoolean("admin"));
        assertEquals(true, o.getJsonObject("health").getBoolean("up"));
        JsonObject work = o.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
                .filter(q -> q.getString("name").equals("work")).findFirst().orElseThrow();
        assertEquals(2, work.getInt("visible"));
        JsonObject dlqRow = o.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
                .filter(q -> q.getString("name").equals("dlq")).findFirst().orElseThrow();
        assertEquals("work", dlqRow.getJsonArray("deadLetterSources").getString(0));

        JsonObject browsed = json(console.handle(get("/api/queues/work/messages", Map.of("max", "10"))));
        var messages = browsed.getJsonArray("messages").getValuesAs(JsonObject.class);
        assertEquals(2, messages.size());
        assertEquals("hello <b>console</b>", messages.get(0).getString("body"));
        assertEquals("(String) 42", messages.get(0).getJsonObject("attributes").getString("customer"));
        assertEquals(true, messages.get(1).getBoolean("bodyIsBase64"));
        assertEquals("/wAB", messages.get(1).getString("body"));

        ConsoleResponse bad = console.handle(get("/api/queues/work/messages", Map.of("max", "1000")));
        assertEquals(400, bad.status());
        assertEquals("InvalidParameterValue", json(bad).getString("error"));
        ConsoleResponse missing = console.handle(get("/api/queues/nope/messages", Map.of()));
        assertEquals(404, missing.status());
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", json(missing).getString("error"));

        // changes need the admin's credentials; a refusal changes nothing
        assertEquals(401, console.handle(post("/api/queues/work/purge", null)).status());
        assertEquals(401, console.handle(post("/api/queues/work/purge", "Basic " + Base64.getEncoder()
                .encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)))).status());
        assertEquals(2, broker.queueSampleNow("work").visible());
        assertEquals(403, new ConsoleHandler(broker, null, null).handle(post("/api/queues/work/purge", ADMIN)).status(),
                "a console started without admin credentials is read-only");

        // two messages to the DLQ, then redrive them back with the console
        assertEquals(2, broker.receiveMessage("work", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)
                .withVisibilityTimeoutSeconds(1)).size());
        clock.advanceSeconds(2);
        assertEquals(0, broker.receiveMessage("work", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).size());
        assertEquals(2, broker.queueSampleNow("dlq").visible());
        ConsoleResponse notDlq = console.handle(post("/api/queues/work/redrive", ADMIN));
        assertEquals(400, notDlq.status(), "work is no dead-letter queue");
        String handle = json(console.handle(post("/api/queues/dlq/redrive", ADMIN))).getString("taskHandle");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonObject task;
        do {
            task = json(console.handle(get("/api/queues/dlq/tasks", Map.of()))).getJsonArray("tasks").getJsonObject(0);
        } while (!task.getString("status").equals("COMPLETED") && System.nanoTime() < deadline);
        assertEquals(handle, task.getString("taskHandle"));
        assertEquals("COMPLETED", task.getString("status"));
        assertEquals(2, task.getInt("moved"));
        assertEquals(2, broker.queueSampleNow("work").visible());

        assertEquals(200, console.handle(post("/api/queues/work/purge", ADMIN)).status());
        assertEquals(0, broker.queueSampleNow("work").visible());
        assertEquals(404, console.handle(get("/etc/passwd", Map.of())).status());
        assertEquals(405, console.handle(new ConsoleRequest("DELETE", "/api/queues/work/purge", Map.of(), new byte[0], ADMIN)).status());
    }

    @Test
    void servedOnTheJdkHttpServer() throws Exception {
        queue("served");
        try (JaqsConsole console = JaqsConsole.start(broker, new InetSocketAddress("127.0.0.1", 0), "admin", "secret")) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + console.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"console.js\">"), page.body());
            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(base + "/api/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, overview.statusCode());
            assertTrue(overview.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(overview.body().contains("\"name\":\"served\""), overview.body());
            HttpResponse<String> purge = http.send(HttpRequest.newBuilder(URI.create(base + "/api/queues/served/purge"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, purge.statusCode());
            HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(base + "/api/queues/served/messages?max=abc"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, query.statusCode());
        }
    }
}
