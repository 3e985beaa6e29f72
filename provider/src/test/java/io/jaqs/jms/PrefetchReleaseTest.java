package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.*;

import io.jaqs.broker.ManualClock;
import io.jaqs.broker.store.QueueCounts;
import jakarta.jms.*;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages a consumer prefetched but never delivered are given back with their receive undone:
 * a rollback caused by one poison message must not push its prefetched neighbours toward the
 * dead-letter queue, nor mark them redelivered.
 */
class PrefetchReleaseTest {
    @TempDir
    Path dir;
    String url;

    @AfterEach
    void shutdown() {
        TestStores.release(url);
    }

    @Test
    void rollingBackAPoisonMessageDoesNotDeadLetterItsPrefetchedNeighbours() throws Exception {
        url = TestStores.newStore(dir, "s");
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        ManualClock clock = new ManualClock();
        f.setClock(clock);
        f.setQueueAttributes("work", Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"work-dlq\",\"maxReceiveCount\":3}"));
        List<String> processed = new ArrayList<>();
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = s.createQueue("work");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("poison"));
            for (int i = 1; i <= 9; i++) {
                p.send(s.createTextMessage("good-" + i));
            }
            s.commit();
            MessageConsumer consumer = s.createConsumer(q); // prefetch 10: takes all ten at once
            for (int attempt = 0; attempt < 20; attempt++) {
                TextMessage m = (TextMessage) consumer.receive(2000);
                if (m == null) {
                    break;
                }
                if (m.getText().equals("poison")) {
                    s.rollback();
                    clock.advance(java.time.Duration.ofSeconds(60)); // past its redelivery backoff (at most 60 s)
                } else {
                    assertFalse(m.getJMSRedelivered(), m.getText() + " was never delivered before");
                    processed.add(m.getText());
                    s.commit();
                }
            }
        }
        assertEquals(9, processed.size(), "every good message processed: " + processed);
        QueueCounts dlq = f.getBroker().approximateCounts("work-dlq");
        assertEquals(1, dlq.visible(), "only the poison message is dead-lettered");
    }
}
