package io.jaqs.samples.common;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Broker;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Where a sample keeps its data, and how it starts from a clean store. */
public final class Stores {
    private Stores() {
    }

    /** The embedded H2 store of a sample: {@code <dataDir>/store.mv.db}. */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("store");
    }

    /**
     * Prepares the data directory: creates it and deletes the H2 store a previous run left there
     * (only the store's own files, nothing else in the directory).
     */
    public static void prepareDataDir(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dataDir, "store.*")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A factory on the given store with the sample's clock. */
    public static JaqsConnectionFactory factory(String url, Time time) {
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        // the samples' poison orders take their redrive policy's path to the dead-letter queue at the
        // pace of their own steps; the redelivery backoff (default up to 60 s) would stretch that path
        // past the samples' timelines, so they turn it off (redelivery at once, as before it existed)
        f.setMaxRedeliveryDelaySeconds(0);
        if (time.simulated()) {
            f.setClock(time.clock());
        }
        return f;
    }

    /**
     * Deletes the sample's queues if a previous run left them (a shared PostgreSQL store keeps them
     * across runs), so that every run starts from empty queues.
     */
    public static void dropQueues(JaqsConnectionFactory f, List<String> names) throws JMSException {
        Broker broker = f.getBroker();
        for (String name : names) {
            try {
                broker.deleteQueue(name);
            } catch (BrokerException e) {
                if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                    throw e;
                }
            }
        }
    }

    /** Wall-clock time in microseconds since the epoch (for latencies measured across threads). */
    public static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
