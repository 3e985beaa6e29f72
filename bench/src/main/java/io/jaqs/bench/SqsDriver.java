package io.jaqs.bench;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The Amazon SQS JMS library (default ProviderConfiguration) on an AWS SDK v2 client pointed at
 * an embedded ElasticMQ on 127.0.0.1 (a random free port). ElasticMQ keeps queues in memory:
 * durability none. The library has no transactions and no topics.
 */
final class SqsDriver extends JmsDriver {
    private static final int PREFILL_THREADS = 8;
    private final SQSRestServer server;
    private final SqsClient sqs;
    private final int port;

    SqsDriver() throws Exception {
        super("sqs-jms-elasticmq", "none");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        server.waitUntilStarted();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
        factory = new SQSConnectionFactory(new ProviderConfiguration(), sqs);
    }

    int port() {
        return port;
    }

    @Override
    public String unsupported(String workload) {
        if (workload.startsWith("tx-")) {
            return "n/a (no transactions)";
        }
        if (workload.startsWith("fanout")) {
            return "n/a (no topics)";
        }
        return null;
    }

    @Override
    boolean fifoDedupProperty() {
        return true;
    }

    @Override
    public String queue(String base, boolean fifo) {
        String name = fifo ? base + ".fifo" : base;
        if (fifo) {
            sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
        } else {
            sqs.createQueue(b -> b.queueName(name));
        }
        return name;
    }

    /** Prefill through SendMessageBatch (10 a call), 8 threads (FIFO: each thread owns its groups). */
    @Override
    public long prefill(String queue, boolean fifo, long n, long deadlineNanos) throws Exception {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        AtomicLong left = new AtomicLong(n);
        AtomicLong sent = new AtomicLong();
        Parallel.run(PREFILL_THREADS, t -> {
            long[] seq = new long[100];
            int g = t;
            while (System.nanoTime() < deadlineNanos) {
                long take = Math.min(10, left.getAndAdd(-10));
                if (take <= 0) {
                    break;
                }
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < take; i++) {
                    SendMessageBatchRequestEntry.Builder e = SendMessageBatchRequestEntry.builder().id(Integer.toString(i));
                    if (fifo) {
                        e.messageBody(Bodies.fifo(g, seq[g])).messageGroupId(Bodies.group(g))
                                .messageDeduplicationId(queue.replace('.', '-') + "-" + g + "-" + seq[g]);
                        seq[g]++;
                        g += PREFILL_THREADS;
                        if (g >= 100) {
                            g = t;
                        }
                    } else {
                        e.messageBody(Bodies.PLAIN);
                    }
                    entries.add(e.build());
                }
                var r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                if (!r.failed().isEmpty()) {
                    throw new IllegalStateException("SendMessageBatch failed: " + r.failed().get(0));
                }
                sent.addAndGet(take);
            }
        });
        return sent.get();
    }

    /**
     * Closes in the background (this and the consumer close below): the library's close waits for its prefetch thread's long poll
     * (WaitTimeSeconds 20) to come back, which on an empty queue is 20 s of nothing to measure.
     */
    @Override
    void release(jakarta.jms.Connection c) {
        Thread t = new Thread(() -> {
            try {
                SqsDriver.super.release(c);
            } catch (Exception ignored) {
                // closing anyway
            }
        }, "sqs-close");
        t.setDaemon(true);
        t.start();
    }

    @Override
    void closeConsumer(jakarta.jms.MessageConsumer consumer, jakarta.jms.Session session, jakarta.jms.Connection connection) {
        Thread t = new Thread(() -> {
            try {
                SqsDriver.super.closeConsumer(consumer, session, connection);
            } catch (Exception ignored) {
                // closing anyway
            }
        }, "sqs-close");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public FanOut fanout(String topic, int subscribers) {
        throw new UnsupportedOperationException("no topics");
    }

    @Override
    public void close() {
        closeConnections();
        server.stopAndWait();
        // the SQS client stays open: connections still closing in the background use it (the JVM exits after the run)
    }
}
