package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest extends BrokerTestSupport {
    @Test
    void sendReceiveDelete() {
        String q = queue("orders");
        send(q, "a");
        send(q, "b");
        List<ReceivedMessage> got = receive(q, 10);
        assertEquals(List.of("a", "b"), bodies(got));
        assertNull(receiveOne(q));
        advance(31);
        List<ReceivedMessage> again = receive(q, 10);
        assertEquals(2, again.size());
        assertEquals(2, again.get(0).approximateReceiveCount());
        broker.deleteMessage(q, again.get(0).receiptHandle());
        broker.deleteMessage(q, again.get(1).receiptHandle());
        advance(31);
        assertNull(receiveOne(q));
    }
}
