package io.jaqs.bench;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.server.ServerConfig;
import io.jaqs.server.SqsServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS API over HTTP, one AWS SDK v2 client configuration against two servers in this JVM:
 * Jaqs's server (H2 file, durability process: a returned send survives kill -9) and ElasticMQ (in
 * memory: nothing survives). Workloads: send with 1 producer, send batches of 10, receive 10 +
 * delete batch with 1 consumer and with 4 consumers. Messages per second, and the ratio. A third
 * endpoint, {@link CannedSqsServer}, answers the same calls with no queue behind them: the client's and
 * the HTTP exchange's cost alone, the ceiling any server in this JVM is read against.
 */
final class SqsHttpBench {
    private static final String BODY = "x".repeat(256);
    /** The JDK HTTP server answering without a queue ({@link CannedSqsServer}): the most this client gets here. */
    private static final String CEILING = "canned-http/ceiling";

    private SqsHttpBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("bench/run --sqs-http [--seconds N]; unknown: " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("jaqs-sqs-http-bench");
        String storeUrl = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        JaqsConnectionFactory cf = new JaqsConnectionFactory(storeUrl);
        cf.setDurability("process");
        SqsServer jaqs = SqsServer.start(cf.getBroker(), ServerConfig.defaults().withPort(0).withAccessKey("bench", "bench"));
        int elasticPort;
        try (ServerSocket s = new ServerSocket(0)) {
            elasticPort = s.getLocalPort();
        }
        SQSRestServer elastic = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(elasticPort).start();
        elastic.waitUntilStarted();
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("jaqs-server/process", jaqs.url());
        endpoints.put("elasticmq/none", "http://127.0.0.1:" + elasticPort);
        CannedSqsServer canned = new CannedSqsServer();
        endpoints.put(CEILING, canned.url());

        List<String> workloads = List.of("send-1p", "send-batch10", "receive10-delete-batch-1c", "receive10-delete-batch-4c");
        Map<String, Map<String, Double>> rates = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            try (SqsClient sqs = client(e.getValue())) {
                Map<String, Double> r = new LinkedHashMap<>();
                for (String w : workloads) {
                    r.put(w, run(sqs, w, seconds));
                    System.out.printf("%-22s %-28s %,10.0f msg/s%n", e.getKey(), w, r.get(w));
                }
                rates.put(e.getKey(), r);
            }
        }
        System.out.println();
        System.out.println("| workload | jaqs-server/process msg/s | elasticmq/none msg/s | " + CEILING
                + " msg/s | Jaqs ÷ ElasticMQ | ceiling ÷ ElasticMQ | Jaqs ÷ ceiling |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String w : workloads) {
            double j = rates.get("jaqs-server/process").get(w);
            double m = rates.get("elasticmq/none").get(w);
            double c = rates.get(CEILING).get(w);
            System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f |%n", w, j, m, c, j / m, c / m, j / c);
        }
        canned.close();
        jaqs.close();
        elastic.stopAndWait();
        BrokerRegistry.shutdown(storeUrl);
    }

    private static SqsClient client(String endpoint) {
        return SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
    }

    /** Messages per second of one workload on a fresh queue: a short warm-up, then {@code seconds} measured. */
    private static double run(SqsClient sqs, String workload, int seconds) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(workload + "-" + System.nanoTime())).queueUrl();
        return switch (workload) {
            case "send-1p" -> {
                timed(1, 1, () -> send(sqs, url));
                yield timed(1, seconds, () -> send(sqs, url));
            }
            case "send-batch10" -> {
                timed(1, 1, () -> sendBatch(sqs, url));
                yield timed(1, seconds, () -> sendBatch(sqs, url));
            }
            case "receive10-delete-batch-1c", "receive10-delete-batch-4c" -> {
                int consumers = workload.endsWith("4c") ? 4 : 1;
                timed(4, seconds + 2, () -> sendBatch(sqs, url)); // prefill: more than the consumers take in the time
                yield timed(consumers, seconds, () -> receiveAndDelete(sqs, url));
            }
            default -> throw new IllegalArgumentException(workload);
        };
    }

    private interface Step {
        /** @return messages handled */
        int run() throws Exception;
    }

    private static int send(SqsClient sqs, String url) {
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(BODY));
        return 1;
    }

    private static int sendBatch(SqsClient sqs, String url) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(BODY).build());
        }
        return sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size();
    }

    private static int receiveAndDelete(SqsClient sqs, String url) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        if (got.isEmpty()) {
            return 0;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(got.size());
        for (int i = 0; i < got.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(got.get(i).receiptHandle()).build());
        }
        return sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size();
    }

    /** Runs {@code step} on {@code threads} threads for {@code seconds}; messages per second. */
    private static double timed(int threads, int seconds, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    count.addAndGet(step.run());
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return count.get() / ((System.nanoTime() - start) / 1e9);
    }
}
