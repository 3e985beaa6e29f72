package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Long polls wait without a thread each, a send wakes them, a stop answers them empty, and /health
 * probes the store. The broker's clock is manual: a wait never ends by itself here, so every
 * answer comes from a send or the stop.
 */
class SqsLongPollTest {
    private static final int POLLS = 1000;

    @TempDir
    Path dir;
    ServerFixture f;
    ExecutorService clientThreads;
    HttpClient http;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir, ServerConfig.defaults().withPort(0).withOpen(true));
        clientThreads = Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().executor(clientThreads).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        f.close();
        clientThreads.shutdownNow();
        clientThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> receive(String queueUrl) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(f.server.url() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.ReceiveMessage")
                .POST(HttpRequest.BodyPublishers.ofString("{\"QueueUrl\":\"" + queueUrl + "\",\"WaitTimeSeconds\":20,\"MaxNumberOfMessages\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> bodies(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
        return o.getJsonArray("Messages").stream().map(v -> v.asJsonObject().getString("Body")).toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10); // polling for a condition, bounded
        }
    }

    @Test
    void thousandWaitingReceivesOnBoundedThreadsAllWokenBySends() throws Exception {
        String url = f.sqs.createQueue(b -> b.queueName("idle")).queueUrl();
        // warm up: the server's worker pool and the client's connection machinery exist before counting
        f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("warm-up"));
        assertEquals(List.of("warm-up"), bodies(receive(url).get(30, TimeUnit.SECONDS)));
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            polls.add(receive(url));
        }
        await(() -> f.server.waitingReceives() == POLLS, POLLS + " waiting receives");
        int threadsWaiting = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("threads: %d before, %d with %d long polls waiting%n", threadsBefore, threadsWaiting, POLLS);
        assertTrue(threadsWaiting - threadsBefore <= 20, "threads grew from " + threadsBefore + " to " + threadsWaiting);
        assertTrue(polls.stream().noneMatch(CompletableFuture::isDone), "no wait ended by itself");

        // one send wakes one of them at once
        long one = System.nanoTime();
        f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("first"));
        CompletableFuture.anyOf(polls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        System.out.printf("one send with %d receives waiting: answered %d ms after the send began%n", POLLS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - one));

        // sends wake the rest: 999 more messages, each to one waiting receive
        long sent = System.nanoTime();
        for (int batch = 0; batch < POLLS / 10; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = batch == 0 ? 1 : 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("m" + (batch * 10 + i)).build());
            }
            f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        Set<String> got = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            List<String> b = bodies(p.get());
            assertEquals(1, b.size());
            got.add(b.get(0));
        }
        assertEquals(POLLS, got.size(), "every message to exactly one receive");
        System.out.printf("%d more sends (100 batches) to the other waiting receives: all answered %d ms after the first batch%n",
                POLLS - 1, millis);
        assertEquals(0, f.server.waitingReceives());
    }

    @Test
    void stopAnswersWaitingReceivesEmptyAndTakesNothing() throws Exception {
        String url = f.sqs.createQueue(b -> b.queueName("stopping")).queueUrl();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            polls.add(receive(url));
        }
        await(() -> f.server.waitingReceives() == 20, "20 waiting receives");
        f.server.close();
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            assertEquals(List.of(), bodies(p.get(30, TimeUnit.SECONDS)));
        }
        // the core is untouched: a message sent now is there, visible, for the next receiver
        f.broker.sendMessage("stopping", io.jaqs.broker.SendMessageRequest.builder("after").build());
        assertEquals(1, f.broker.approximateCounts("stopping").visible());
    }

    @Test
    void healthProbesTheStore() throws Exception {
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(f.server.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
        assertEquals("{\"status\":\"UP\"}", up.body());
        f.broker.close(); // the store is gone
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(f.server.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("\"DOWN\""), down.body());
    }

    @Test
    void mountedRoutesAnswerBesideTheApi() throws Exception {
        f.server.mount("/console", request -> CompletableFuture.supplyAsync(() ->
                HttpRoute.Response.text(200, request.method() + " " + request.path())));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(f.server.url() + "/console/queues")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("GET /queues", r.body());
    }
}
