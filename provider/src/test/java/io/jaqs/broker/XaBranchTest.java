package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XA branches at the broker: what a branch prepares is written to the store and comes back whole,
 * in this broker or in a fresh one on the same store (as after a crash). Sends without message
 * attributes are the common case outside JMS (the SQS endpoint, the resource adapter's raw sends).
 */
class XaBranchTest extends BrokerTestSupport {
    private static byte[] xid(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSendWithoutAttributesIsPreparedAndCommitted() {
        String q = queue("q");
        XaBranch branch = broker.xaTransactions().begin();
        String id = branch.sendMessage(q, SendMessageRequest.builder("plain").build());
        assertTrue(branch.prepare(xid("x1")));
        assertTrue(receive(q, 10).isEmpty(), "prepared, not yet visible");

        broker.xaTransactions().commitPrepared(xid("x1"));
        ReceivedMessage m = receiveOne(q);
        assertEquals(id, m.messageId());
        assertEquals("plain", m.bodyAsString());
        assertEquals(Map.of(), m.attributes());
        assertFalse(broker.xaTransactions().isPrepared(xid("x1")));
    }

    @Test
    void aPreparedBranchWithAndWithoutAttributesIsCommittedByAFreshBroker() {
        String q = queue("q");
        XaBranch branch = broker.xaTransactions().begin();
        branch.sendMessage(q, SendMessageRequest.builder("none").build());
        branch.sendMessage(q, SendMessageRequest.builder("some")
                .attribute("kind", MessageAttributeValue.string("order"))
                .attribute("blob", MessageAttributeValue.binary(new byte[] {1, 2, 3}))
                .build());
        branch.sendMessage(q, SendMessageRequest.builder("none either").delaySeconds(0).priority(4).build());
        assertTrue(branch.prepare(xid("x2")));

        restart(); // a fresh broker finds the branch in the store, as recovery after a crash does
        assertTrue(broker.xaTransactions().isPrepared(xid("x2")));
        assertTrue(receive(q, 10).isEmpty(), "still in doubt: nothing visible");
        broker.xaTransactions().commitPrepared(xid("x2"));

        List<ReceivedMessage> got = receive(q, 10);
        assertEquals(3, got.size());
        Map<String, ReceivedMessage> byBody = new java.util.HashMap<>();
        got.forEach(m -> byBody.put(m.bodyAsString(), m));
        assertEquals(Map.of(), byBody.get("none").attributes());
        assertEquals(Map.of(), byBody.get("none either").attributes());
        assertEquals(4, byBody.get("none either").priority());
        ReceivedMessage some = byBody.get("some");
        assertEquals("order", some.attributes().get("kind").stringValue());
        assertArrayEquals(new byte[] {1, 2, 3}, some.attributes().get("blob").binaryValue());
    }
}
