package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean close leaves a compact H2 file: while the store runs, every commit writes a chunk that H2
 * may reuse only after its 45 s retention, so a burst of commits leaves tens of MB of dead chunks;
 * the close rewrites the live data (SHUTDOWN COMPACT) and the file shrinks to about what is stored.
 */
class H2CloseCompactTest {
    @TempDir
    Path dir;

    @Test
    void aCleanCloseLeavesAFileTheSizeOfItsLiveData() throws Exception {
        Path db = dir.resolve("compact").toAbsolutePath();
        Path file = dir.resolve("compact.mv.db");
        String body = "x".repeat(1024);
        long running;
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + db), BrokerConfig.defaults())) {
            broker.createQueue("q", Map.of());
            for (int i = 0; i < 3_000; i++) { // one commit each: a send, a receive, a delete
                broker.sendMessage("q", SendMessageRequest.builder(body).build());
                List<ReceivedMessage> got = broker.receiveMessage("q", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0));
                broker.deleteMessage("q", got.get(0).receiptHandle());
            }
            for (int i = 0; i < 10; i++) {
                broker.sendMessage("q", SendMessageRequest.builder("kept " + i).build());
            }
            running = Files.size(file);
        }
        long closed = Files.size(file);
        assertTrue(running > 20L << 20, "the running store wrote dead chunks: " + running + " bytes");
        assertTrue(closed < 2L << 20, "a clean close compacts: " + running + " bytes running, " + closed + " after close");

        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + db), BrokerConfig.defaults())) {
            assertEquals(10, broker.approximateCounts("q").visible(), "the compacted file holds every message");
        }
    }
}
