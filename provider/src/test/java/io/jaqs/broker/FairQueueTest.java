package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fair queues (SQS, 2025): a MessageGroupId on a standard queue names a tenant, and a tenant with
 * a big backlog does not hold back the others ({@link FairSchedule}).
 */
class FairQueueTest extends BrokerTestSupport {

    private void sendBatch(String q, String group, int from, int n) {
        List<SendMessageBatchEntry> batch = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            batch.add(new SendMessageBatchEntry("e" + i, SendMessageRequest.builder(group + i).messageGroupId(group).build()));
            if (batch.size() == Limits.MAX_BATCH_ENTRIES) {
                assertEquals(List.of(), broker.sendMessageBatch(q, batch).failed());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            assertEquals(List.of(), broker.sendMessageBatch(q, batch).failed());
        }
    }

    @Test
    void aSmallTenantIsNotStuckBehindABigTenantsBacklog() {
        String q = queue("tenants");
        sendBatch(q, "A", 0, 10_000);
        clock.advance(java.time.Duration.ofSeconds(2)); // B's messages come later than all of A's
        sendBatch(q, "B", 0, 10);
        int receives = 0;
        Set<String> gotB = new HashSet<>();
        while (gotB.size() < 10 && receives < 2_000) {
            List<ReceivedMessage> got = receive(q, 1);
            receives++;
            for (ReceivedMessage m : got) {
                if (m.bodyAsString().startsWith("B")) {
                    gotB.add(m.bodyAsString());
                }
                broker.deleteMessage(q, m.receiptHandle());
            }
        }
        assertEquals(10, gotB.size(), "all of B's messages within " + receives + " receives");
        assertTrue(receives <= 300, "B's 10 messages came within the first " + receives + " receives, not after A's 10,000");
        // exactly: A's keys are 100 ms apart from 15 min back, B's start 2 s later, so B's k-th follows A's (20 + k)-th
        assertEquals(40, receives);
        assertEquals(10_000 + 10 - receives, count(q, "ApproximateNumberOfMessages"), "nothing lost: A's messages are still there");
    }

    @Test
    void backloggedTenantsInterleave() {
        String q = queue("tenants");
        sendBatch(q, "A", 0, 30);
        sendBatch(q, "B", 0, 30);
        List<String> got = bodies(receive(q, 10));
        assertEquals(List.of("A0", "B0", "A1", "B1", "A2", "B2", "A3", "B3", "A4", "B4"), got);
    }

    @Test
    void messagesWithoutAGroupAndDelayedMessagesKeepTheirUsualPlace() {
        String q = queue("mixed");
        send(q, "plain1");
        broker.sendMessage(q, SendMessageRequest.builder("later").messageGroupId("T").delaySeconds(5).build());
        assertEquals(List.of("plain1"), bodies(receive(q, 10)), "the delayed message of a group still waits its delay");
        advance(5);
        assertEquals(List.of("later"), bodies(receive(q, 10)));
    }

    @Test
    void aReleasedMessageOfAGroupComesBackBeforeWhatItsGroupSentAfterIt() {
        String q = queue("tenants");
        sendBatch(q, "A", 0, 5);
        ReceivedMessage a0 = receiveOne(q);
        assertEquals("A0", a0.bodyAsString());
        broker.changeMessageVisibility(q, a0.receiptHandle(), 0);
        assertEquals(List.of("A0", "A1", "A2", "A3", "A4"), bodies(receive(q, 10)));
    }

    @Test
    void priorityStillOvertakesFairness() {
        String q = queue("prio");
        sendBatch(q, "A", 0, 3);
        broker.sendMessage(q, SendMessageRequest.builder("urgent").messageGroupId("A").priority(9).build());
        assertEquals("urgent", receiveOne(q).bodyAsString());
    }
}
