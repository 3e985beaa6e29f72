package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicTest extends BrokerTestSupport {

    @BeforeEach
    void selectorLanguage() {
        // a tiny selector language for the core's tests: the selector names an attribute that must be present
        broker.setSubscriptionFilterCompiler(selector -> attributes -> attributes.containsKey(selector));
    }

    private SendMessageResult publish(String topic, String body, String... attributeNames) {
        SendMessageRequest.Builder b = SendMessageRequest.builder(body);
        for (String a : attributeNames) {
            b.attribute(a, MessageAttributeValue.string("x"));
        }
        return broker.publish(topic, b.build(), "publisher-1");
    }

    private SubscriptionRequest durable(String topic, String client, String name, String selector) {
        return new SubscriptionRequest(topic, Subscription.Kind.DURABLE, client, name, selector, null, Map.of(), false);
    }

    @Test
    void everySubscriptionGetsItsOwnCopyOfEachPublish() {
        Subscription a = broker.subscribe(SubscriptionRequest.nonDurable("prices", null, null));
        Subscription b = broker.subscribe(durable("prices", "client", "audit", null));
        SendMessageResult sent = publish("prices", "p1");
        for (Subscription sub : List.of(a, b)) {
            ReceivedMessage m = receiveOne(sub.queueName());
            assertEquals("p1", m.bodyAsString());
            assertEquals(sent.messageId(), m.messageId(), "one message id for every copy");
        }
        // a copy deleted from one subscription is still there for the other
        assertNull(receiveOne(a.queueName()));
    }

    @Test
    void messagesPublishedBeforeASubscriptionExistedAreNotDelivered() {
        publish("news", "early");
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("news", null, null));
        publish("news", "late");
        assertEquals(List.of("late"), bodies(receive(sub.queueName(), 10)));
    }

    @Test
    void selectorIsEvaluatedAtPublishSoRejectedMessagesAreNeverStored() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("t", "urgent", null));
        publish("t", "plain");
        publish("t", "hot", "urgent");
        assertEquals(1, count(sub.queueName(), "ApproximateNumberOfMessages"));
        assertEquals(List.of("hot"), bodies(receive(sub.queueName(), 10)));
    }

    @Test
    void noLocalSkipsThePublisherOwnMessages() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("t", null, "publisher-1"));
        publish("t", "mine");
        broker.publish("t", SendMessageRequest.builder("theirs").build(), "publisher-2");
        assertEquals(List.of("theirs"), bodies(receive(sub.queueName(), 10)));
    }

    @Test
    void durableSubscriptionKeepsMessagesAcrossARestart() {
        Subscription sub = broker.subscribe(durable("orders", "app", "billing", null));
        publish("orders", "o1");
        publish("orders", "o2");
        restart();
        broker.setSubscriptionFilterCompiler(selector -> attributes -> true);
        Subscription again = broker.subscribe(durable("orders", "app", "billing", null));
        assertEquals(sub.queueName(), again.queueName(), "same subscription after the restart");
        assertEquals(List.of("o1", "o2"), bodies(receive(again.queueName(), 10)));
    }

    @Test
    void changingADurableSubscriptionsSelectorReplacesItOnlyWhenAllowed() {
        broker.subscribe(durable("orders", "app", "billing", null));
        publish("orders", "kept?");
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.subscribe(durable("orders", "app", "billing", "vip")));
        assertTrue(e.getMessage().contains("billing"), e.getMessage());
        Subscription replaced = broker.subscribe(new SubscriptionRequest("orders", Subscription.Kind.DURABLE, "app", "billing",
                "vip", null, Map.of(), true));
        assertNull(receiveOne(replaced.queueName()), "the old subscription's messages went with it");
        assertEquals(1, broker.listSubscriptions("orders").size());
    }

    @Test
    void unsubscribeDeletesTheSubscriptionAndItsQueue() {
        Subscription sub = broker.subscribe(durable("orders", "app", "billing", null));
        publish("orders", "o1");
        broker.unsubscribe("app", "billing");
        assertTrue(broker.listSubscriptions("orders").isEmpty());
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl(sub.queueName()));
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.unsubscribe("app", "billing"));
    }

    @Test
    void aPublishIsAtomicAcrossSubscriptions() {
        Subscription big = broker.subscribe(new SubscriptionRequest("t", Subscription.Kind.DURABLE, "c", "big", null, null,
                Map.of(), false));
        Subscription small = broker.subscribe(new SubscriptionRequest("t", Subscription.Kind.DURABLE, "c", "small", null, null,
                Map.of("MaximumMessageSize", "1024"), false));
        String body = "x".repeat(2000);
        brokerError(ErrorCode.MESSAGE_TOO_LONG, () -> publish("t", body));
        assertNull(receiveOne(big.queueName()), "no copy anywhere when one subscription refuses the message");
        assertNull(receiveOne(small.queueName()));
    }

    @Test
    void nonDurableSubscriptionsOfADeadInstanceAreReapedWhenTheirLeaseRunsOut() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("t", null, null));
        restart(); // the old broker instance stops renewing its lease
        broker.setSubscriptionFilterCompiler(selector -> attributes -> true);
        assertEquals(1, broker.listSubscriptions("t").size());
        advance(Topics.LEASE.toSeconds() + 11);
        await(broker.reapExpired());
        assertTrue(broker.listSubscriptions("t").isEmpty());
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl(sub.queueName()));
    }

    @Test
    void ownNonDurableSubscriptionsSurviveLongClockJumps() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("t", null, null));
        advance(3600);
        await(broker.reapExpired());
        publish("t", "still here");
        assertEquals("still here", receiveOne(sub.queueName()).bodyAsString());
    }

    @Test
    void transactionalPublishIsInvisibleUntilCommit() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("t", null, null));
        try (BrokerTransaction tx = broker.beginTransaction()) {
            tx.publish("t", SendMessageRequest.builder("in tx").build(), null);
            assertNull(receiveOne(sub.queueName()));
            tx.commit();
        }
        assertEquals("in tx", receiveOne(sub.queueName()).bodyAsString());
    }

    @Test
    void fifoTopicFansOutIntoFifoSubscriptionQueuesInOrder() {
        Subscription sub = broker.subscribe(SubscriptionRequest.nonDurable("prices.fifo", null, null));
        assertTrue(sub.queueName().endsWith(".fifo"));
        for (int i = 0; i < 3; i++) {
            broker.publish("prices.fifo", SendMessageRequest.builder("m" + i).messageGroupId("g")
                    .messageDeduplicationId("d" + i).build(), null);
        }
        assertEquals(List.of("m0", "m1", "m2"), bodies(receive(sub.queueName(), 10)));
    }
}
