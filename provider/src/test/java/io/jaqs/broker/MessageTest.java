package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.StoreSession;
import io.jaqs.broker.store.StoreWork;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Standard-queue message semantics: send, receive, delete, visibility, receipts, limits, expiry, priority, batches. */
class MessageTest extends BrokerTestSupport {

    // ------------------------------------------------------------------ send / receive / delete

    @Test
    void sendReceiveDeleteRoundTrip() {
        String q = queue("q");
        Instant sentAt = clock.instant();
        SendMessageResult sent = send(q, "hello");
        assertEquals(md5("hello".getBytes(StandardCharsets.UTF_8)), sent.md5OfMessageBody());
        assertNull(sent.md5OfMessageAttributes());
        assertNull(sent.sequenceNumber());
        assertFalse(sent.duplicate());
        assertEquals(36, sent.messageId().length());

        advance(2);
        ReceivedMessage m = receiveOne(q);
        assertEquals(sent.messageId(), m.messageId());
        assertEquals("hello", m.bodyAsString());
        assertEquals(md5("hello".getBytes(StandardCharsets.UTF_8)), m.md5OfBody());
        assertEquals(sentAt, m.sentTimestamp());
        assertEquals(1, m.approximateReceiveCount());
        assertEquals(clock.instant(), m.approximateFirstReceiveTimestamp());
        assertEquals(Map.of(), m.attributes());
        assertNull(m.sequenceNumber());
        assertNull(m.deadLetterQueueSourceArn());
        assertNotNull(m.receiptHandle());

        broker.deleteMessage(q, m.receiptHandle());
        advance(31);
        assertNull(receiveOne(q));
        assertEquals(0, count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void sendMessageAsyncCompletesWithTheResult() {
        String q = queue("q");
        CompletableFuture<SendMessageResult> f = broker.sendMessageAsync(q, SendMessageRequest.builder("async").build());
        SendMessageResult r = await(f);
        assertEquals(r.messageId(), receiveOne(q).messageId());
    }

    @Test
    void receiveReturnsAtMostMaxMessagesAndEachOnce() {
        String q = queue("q");
        for (int i = 0; i < 15; i++) {
            send(q, "m" + i);
        }
        List<ReceivedMessage> first = receive(q, 10);
        List<ReceivedMessage> second = receive(q, 10);
        assertEquals(10, first.size());
        assertEquals(5, second.size());
        Set<String> ids = new HashSet<>();
        first.forEach(m -> ids.add(m.messageId()));
        second.forEach(m -> ids.add(m.messageId()));
        assertEquals(15, ids.size());
        assertTrue(receive(q, 10).isEmpty());
    }

    @Test
    void receiveParametersAreValidated() {
        String q = queue("q");
        send(q, "m");
        for (int max : new int[] {0, 11, -1}) {
            BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.receiveMessage(q, ReceiveMessageRequest.of(max)));
            assertTrue(e.getMessage().contains("MaxNumberOfMessages"));
        }
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(43201)));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(-1)));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(21)));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(-1)));
        assertEquals(1, count(q, "ApproximateNumberOfMessages"), "no rejected receive took the message");
    }

    @Test
    void messagesSurviveARestartInTheirState() {
        String q = queue("q");
        send(q, "waiting");
        send(q, "in-flight");
        ReceivedMessage taken = receiveOne(q);
        restart();
        ReceivedMessage other = receiveOne(q);
        assertNotNull(other);
        assertNotEquals(taken.messageId(), other.messageId());
        assertNull(receiveOne(q), "the message received before the restart is still in flight");
        broker.deleteMessage(q, taken.receiptHandle()); // its handle still works
        advance(31);
        assertEquals(List.of(other.messageId()), receive(q, 10).stream().map(ReceivedMessage::messageId).toList());
    }

    // ------------------------------------------------------------------ message attributes

    @Test
    void messageAttributesRoundTripWithSqsMd5() {
        String q = queue("q");
        Map<String, MessageAttributeValue> a = new LinkedHashMap<>();
        a.put("zeta", MessageAttributeValue.string("last"));
        a.put("count", MessageAttributeValue.number("42"));
        a.put("price", MessageAttributeValue.number("float", "-1.5e3"));
        a.put("blob", MessageAttributeValue.binary(new byte[] {0, 1, 2, (byte) 0xFF}));
        a.put("label", MessageAttributeValue.string("custom", "ünïcödé ✓"));
        SendMessageResult sent = broker.sendMessage(q, SendMessageRequest.builder("body").attributes(a).build());
        assertEquals(sqsMd5OfAttributes(a), sent.md5OfMessageAttributes());

        ReceivedMessage m = receiveOne(q);
        assertEquals(a, m.attributes());
        assertEquals("Number.float", m.attributes().get("price").dataType());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, m.attributes().get("blob").binaryValue());
        assertEquals(sent.md5OfMessageAttributes(), sqsMd5OfAttributes(m.attributes()));
    }

    @Test
    void md5OfAttributesDependsOnEveryPart() {
        String q = queue("q");
        String base = send(q, Map.of("a", MessageAttributeValue.string("1")));
        assertNotEquals(base, send(q, Map.of("a", MessageAttributeValue.number("1"))));
        assertNotEquals(base, send(q, Map.of("b", MessageAttributeValue.string("1"))));
        assertNotEquals(base, send(q, Map.of("a", MessageAttributeValue.string("2"))));
        assertNotEquals(base, send(q, Map.of("a", MessageAttributeValue.binary("1".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(base, send(q, Map.of("a", MessageAttributeValue.string("1"))));
    }

    private String send(String q, Map<String, MessageAttributeValue> a) {
        return broker.sendMessage(q, SendMessageRequest.builder("x").attributes(a).build()).md5OfMessageAttributes();
    }

    /** SQS's MD5OfMessageAttributes, written out here independently of the broker's code. */
    private static String sqsMd5OfAttributes(Map<String, MessageAttributeValue> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Consumer<byte[]> field = b -> {
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        };
        new TreeMap<>(attributes).forEach((name, v) -> {
            field.accept(name.getBytes(StandardCharsets.UTF_8));
            field.accept(v.dataType().getBytes(StandardCharsets.UTF_8));
            if (v.dataType().startsWith("Binary")) {
                out.write(2);
                field.accept(v.binaryValue());
            } else {
                out.write(1);
                field.accept(v.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        });
        return md5(out.toByteArray());
    }

    @Test
    void sqsAttributeRulesAndProviderRules() {
        String q = queue("q");
        Map<String, MessageAttributeValue> ten = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("a" + i, MessageAttributeValue.string("v"));
        }
        broker.sendMessage(q, SendMessageRequest.builder("ten").attributes(ten).build());
        Map<String, MessageAttributeValue> eleven = new LinkedHashMap<>(ten);
        eleven.put("a10", MessageAttributeValue.string("v"));
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("eleven").attributes(eleven).build()));
        assertTrue(e.getMessage().contains("10"));
        for (String bad : List.of("has$dollar", "AWS.reserved", "aws.lower", "Amazon.x", ".lead", "trail.", "dou..ble", "sp ace",
                "x".repeat(257))) {
            brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q,
                    SendMessageRequest.builder("bad").attribute(bad, MessageAttributeValue.string("v")).build()));
        }
        assertEquals(1, count(q, "ApproximateNumberOfMessages"), "only the valid message was stored");

        // JMS properties: more than 10, '$' and "AWS." are fine under the provider's rules
        Map<String, MessageAttributeValue> jms = new LinkedHashMap<>(eleven);
        jms.put("JMS_$special", MessageAttributeValue.string("v"));
        jms.put("AWS.fine", MessageAttributeValue.number("1"));
        broker.sendMessage(q, SendMessageRequest.builder("jms").attributes(jms).providerAttributeRules().build());
        assertEquals(2, count(q, "ApproximateNumberOfMessages"));
        ReceivedMessage m = receive(q, 10).stream().filter(r -> r.bodyAsString().equals("jms")).findFirst().orElseThrow();
        assertEquals(jms, m.attributes());
    }

    @Test
    void attributeTypesAndValuesAreChecked() {
        String q = queue("q");
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("x")
                .attribute("n", MessageAttributeValue.number("forty-two")).build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("x")
                .attribute("t", MessageAttributeValue.of("Date", "2026", null)).build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("x")
                .attribute("", MessageAttributeValue.string("v")).build()));
        // SQS: every value is non-empty, and a String value obeys the body's character rules
        for (MessageAttributeValue bad : List.of(MessageAttributeValue.string(""), MessageAttributeValue.number(""),
                MessageAttributeValue.binary(new byte[0]), MessageAttributeValue.string("nul\u0000"))) {
            BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                    () -> broker.sendMessage(q, SendMessageRequest.builder("x").attribute("a", bad).build()));
            assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        }
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        // JMS properties may be empty strings
        broker.sendMessage(q, SendMessageRequest.builder("x").attribute("a", MessageAttributeValue.string(""))
                .providerAttributeRules().build());
        assertEquals("", receiveOne(q).attributes().get("a").stringValue());
    }

    // ------------------------------------------------------------------ body rules and size limits

    @Test
    void bodyAtTheQueueLimitIsAcceptedOneByteMoreIsTooLong() {
        String q = queue("small", "MaximumMessageSize", "1024");
        broker.sendMessage(q, SendMessageRequest.builder("a".repeat(1024)).build());
        BrokerException e = brokerError(ErrorCode.MESSAGE_TOO_LONG,
                () -> broker.sendMessage(q, SendMessageRequest.builder("a".repeat(1025)).build()));
        assertTrue(e.getMessage().contains("1024") && e.getMessage().contains("MaximumMessageSize"), e.getMessage());
        // attributes count too: name + type + value
        brokerError(ErrorCode.MESSAGE_TOO_LONG, () -> broker.sendMessage(q, SendMessageRequest.builder("a".repeat(1014))
                .attribute("k", MessageAttributeValue.string("12345")).build())); // 1014 + 1 + 6 + 5 = 1026
        broker.sendMessage(q, SendMessageRequest.builder("a".repeat(1012))
                .attribute("k", MessageAttributeValue.string("12345")).build()); // exactly 1024
        assertEquals(2, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void bodyAtOneMebibyteIsAcceptedByDefault() {
        String q = queue("big");
        byte[] max = new byte[1_048_576];
        Arrays.fill(max, (byte) 'x');
        broker.sendMessage(q, SendMessageRequest.builder(max).build());
        byte[] over = new byte[1_048_577];
        Arrays.fill(over, (byte) 'x');
        BrokerException e = brokerError(ErrorCode.MESSAGE_TOO_LONG, () -> broker.sendMessage(q, SendMessageRequest.builder(over).build()));
        assertTrue(e.getMessage().contains("1048576"));
        assertArrayEquals(max, receiveOne(q).body());
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void invalidCharactersInTheBodyAreRejected() {
        String q = queue("q");
        for (String bad : List.of("nul\u0000", "bell\u0007", "esc\u001B", "\uFFFE", "\uFFFF")) {
            BrokerException e = brokerError(ErrorCode.INVALID_MESSAGE_CONTENTS,
                    () -> broker.sendMessage(q, SendMessageRequest.builder(bad).build()));
            assertTrue(e.getMessage().contains("U+") || e.getMessage().contains("UTF-8"), e.getMessage());
        }
        brokerError(ErrorCode.INVALID_MESSAGE_CONTENTS,
                () -> broker.sendMessage(q, SendMessageRequest.builder(new byte[] {'a', (byte) 0xC3}).build())); // truncated UTF-8
        brokerError(ErrorCode.INVALID_MESSAGE_CONTENTS, () -> broker.sendMessage(q,
                SendMessageRequest.builder(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).build())); // an encoded lone surrogate
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        String good = "tab\t nl\n cr\r ascii ü € \uD83D\uDE00 \uE000 \uFFFD";
        broker.sendMessage(q, SendMessageRequest.builder(good).build());
        assertEquals(good, receiveOne(q).bodyAsString());
    }

    @Test
    void emptyBodyIsRejectedUnderSqsRulesOnly() {
        String q = queue("q");
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("").build()));
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        broker.sendMessage(q, SendMessageRequest.builder(new byte[0]).providerAttributeRules().build()); // an empty JMS message
        assertEquals(0, receiveOne(q).body().length);
    }

    @Test
    void deduplicationIdOnAStandardQueueIsRejected() {
        String q = queue("q");
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageDeduplicationId("d").build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("with space").build()));
        broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g").build()); // a group id is allowed (fair queues)
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
    }

    // ------------------------------------------------------------------ delay

    @Test
    void perMessageDelayFrom0To900Seconds() {
        String q = queue("q");
        for (int bad : new int[] {-1, 901}) {
            BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                    () -> broker.sendMessage(q, SendMessageRequest.builder("x").delaySeconds(bad).build()));
            assertTrue(e.getMessage().contains("DelaySeconds") && e.getMessage().contains("900"));
        }
        broker.sendMessage(q, SendMessageRequest.builder("max").delaySeconds(900).build());
        broker.sendMessage(q, SendMessageRequest.builder("ten").delaySeconds(10).build());
        assertEquals(2, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(9);
        assertNull(receiveOne(q));
        advance(1);
        ReceivedMessage ten = receiveOne(q);
        assertEquals("ten", ten.bodyAsString());
        broker.deleteMessage(q, ten.receiptHandle());
        advance(889);
        assertNull(receiveOne(q));
        advance(1);
        assertEquals("max", receiveOne(q).bodyAsString());
    }

    @Test
    void queueDelayAppliesUnlessTheMessageSaysOtherwise() {
        String q = queue("q", "DelaySeconds", "20");
        send(q, "queue-delay");
        broker.sendMessage(q, SendMessageRequest.builder("no-delay").delaySeconds(0).build());
        broker.sendMessage(q, SendMessageRequest.builder("longer").delaySeconds(40).build());
        assertEquals(List.of("no-delay"), bodies(receive(q, 10)));
        advance(20);
        assertEquals(List.of("queue-delay"), bodies(receive(q, 10)));
        advance(20); // "no-delay" is in flight until t = 30, "queue-delay" until t = 50
        assertEquals(List.of("no-delay", "longer"), bodies(receive(q, 10)));
    }

    @Test
    void deliveryTimeMayBeLaterThan15Minutes() {
        String q = queue("q");
        Instant at = clock.instant().plus(Duration.ofHours(2));
        broker.sendMessage(q, SendMessageRequest.builder("later").deliveryTime(at).build());
        assertEquals(1, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(2 * 3600 - 1);
        assertNull(receiveOne(q));
        advance(1);
        assertEquals("later", receiveOne(q).bodyAsString());
        // a delivery time in the past means now
        broker.sendMessage(q, SendMessageRequest.builder("past").deliveryTime(clock.instant().minusSeconds(5)).build());
        assertEquals("past", receiveOne(q).bodyAsString());
    }

    // ------------------------------------------------------------------ visibility and receipt handles

    @Test
    void visibilityTimeoutExpiryRedeliversWithANewReceiptHandle() {
        String q = queue("q", "VisibilityTimeout", "10");
        send(q, "m");
        ReceivedMessage first = receiveOne(q);
        Instant firstAt = clock.instant();
        advance(9);
        assertNull(receiveOne(q));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        advance(1);
        ReceivedMessage second = receiveOne(q);
        assertEquals(first.messageId(), second.messageId());
        assertEquals(2, second.approximateReceiveCount());
        assertNotEquals(first.receiptHandle(), second.receiptHandle());
        assertEquals(firstAt, second.approximateFirstReceiveTimestamp());
    }

    @Test
    void visibilityTimeoutOverrideOnReceive() {
        String q = queue("q");
        send(q, "m");
        broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(5));
        advance(4);
        assertNull(receiveOne(q));
        advance(1);
        ReceivedMessage again = broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(0)).get(0);
        assertEquals(2, again.approximateReceiveCount());
        assertEquals(3, receiveOne(q).approximateReceiveCount(), "a zero timeout leaves it visible");
    }

    @Test
    void changeVisibilityExtendsAndShortens() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        advance(20);
        broker.changeMessageVisibility(q, m.receiptHandle(), 60); // from now: until t = 80
        advance(59);
        assertNull(receiveOne(q));
        broker.changeMessageVisibility(q, m.receiptHandle(), 5);
        advance(4);
        assertNull(receiveOne(q));
        advance(1);
        assertEquals(m.messageId(), receiveOne(q).messageId());
    }

    @Test
    void changeVisibilityToZeroMakesItReceivableAtOnce() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        broker.changeMessageVisibility(q, m.receiptHandle(), 0);
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
        ReceivedMessage again = receiveOne(q);
        assertEquals(m.messageId(), again.messageId());
        assertEquals(2, again.approximateReceiveCount());
    }

    @Test
    void changeVisibilityRejectsOutOfRangeTimeouts() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.changeMessageVisibility(q, m.receiptHandle(), -1));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.changeMessageVisibility(q, m.receiptHandle(), 43201));
        advance(30);
        assertNotNull(receiveOne(q), "the timeout is unchanged");
    }

    @Test
    void aStaleReceiptHandleDoesNotTouchTheNewInFlightCopy() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage first = receiveOne(q);
        advance(30);
        ReceivedMessage second = receiveOne(q);

        broker.deleteMessage(q, first.receiptHandle()); // SQS: succeeds, deletes nothing
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        BrokerException e = brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                () -> broker.changeMessageVisibility(q, first.receiptHandle(), 0));
        assertTrue(e.getMessage().contains("stale") || e.getMessage().contains("received again"), e.getMessage());
        assertNull(receiveOne(q), "still in flight under the second handle");

        broker.deleteMessage(q, second.receiptHandle());
        assertEquals(0, count(q, "ApproximateNumberOfMessagesNotVisible"));
        advance(30);
        assertNull(receiveOne(q));
    }

    @Test
    void malformedReceiptHandlesAreInvalid() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        for (String bad : List.of("garbage", "not base64 !!", "AAAA", m.receiptHandle() + "AA")) {
            brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> broker.deleteMessage(q, bad));
            brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> broker.changeMessageVisibility(q, bad, 0));
        }
        brokerError(ErrorCode.MISSING_PARAMETER, () -> broker.deleteMessage(q, ""));
        brokerError(ErrorCode.MISSING_PARAMETER, () -> broker.deleteMessage(q, null));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"), "the message is untouched");
    }

    @Test
    void aReceiptHandleOfAnotherQueueIsInvalid() {
        String a = queue("a");
        String b = queue("b");
        send(a, "m");
        ReceivedMessage m = receiveOne(a);
        BrokerException e = brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> broker.deleteMessage(b, m.receiptHandle()));
        assertTrue(e.getMessage().contains("b"));
        brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> broker.changeMessageVisibility(b, m.receiptHandle(), 0));
        assertEquals(1, count(a, "ApproximateNumberOfMessagesNotVisible"));
        broker.deleteMessage(a, m.receiptHandle());
        assertEquals(0, count(a, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void changeVisibilityOfAMessageNoLongerInFlight() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        advance(30); // visible again, not received again
        BrokerException e = brokerError(ErrorCode.MESSAGE_NOT_INFLIGHT, () -> broker.changeMessageVisibility(q, m.receiptHandle(), 60));
        assertTrue(e.getMessage().contains(m.messageId()));
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
        // its handle is still the latest one, so a delete works (as in SQS)
        broker.deleteMessage(q, m.receiptHandle());
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        // and a handle of a deleted message cannot change visibility
        brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> broker.changeMessageVisibility(q, m.receiptHandle(), 10));
    }

    @Test
    void inFlightTimeIsCappedAt12HoursFromTheReceive() {
        String q = queue("q");
        send(q, "m");
        broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(3600));
        advance(3600);
        // received again: the cap counts from this receive, not from the first one an hour ago
        ReceivedMessage m = broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(43200)).get(0);
        assertEquals(2, m.approximateReceiveCount());
        advance(3600); // 11 h of this receive's 12 h left
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.changeMessageVisibility(q, m.receiptHandle(), 11 * 3600 + 1));
        assertTrue(e.getMessage().contains("12 h"), e.getMessage());
        broker.changeMessageVisibility(q, m.receiptHandle(), 11 * 3600); // exactly up to the cap
        advance(11 * 3600 - 1);
        assertNull(receiveOne(q));
        advance(1);
        assertEquals(3, receiveOne(q).approximateReceiveCount());
    }

    @Test
    void aReceiveLongAfterTheFirstOneStillHidesTheMessage() {
        // each receive starts a new in-flight period (SQS: the timeout "reverts to the original value" on the next receive)
        String q = queue("q");
        send(q, "m");
        ReceivedMessage first = receiveOne(q);
        advance(13 * 3600); // never deleted; 13 h after the first receive
        ReceivedMessage second = receiveOne(q);
        assertEquals(first.messageId(), second.messageId());
        assertNull(receiveOne(q), "the second receive makes it invisible for the visibility timeout");
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        broker.changeMessageVisibility(q, second.receiptHandle(), 600);
        advance(599);
        assertNull(receiveOne(q));
        advance(1);
        assertEquals(3, receiveOne(q).approximateReceiveCount());
    }

    // ------------------------------------------------------------------ expiry

    @Test
    void retentionExpiryRemovesMessagesWhateverTheirState() {
        String q = queue("q", "MessageRetentionPeriod", "60");
        send(q, "waiting");
        send(q, "in-flight");
        broker.sendMessage(q, SendMessageRequest.builder("delayed").delaySeconds(100).build());
        ReceivedMessage inFlight = broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(300)).get(0);
        advance(59);
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(1);
        assertNull(receiveOne(q));
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        assertEquals(0, count(q, "ApproximateNumberOfMessagesNotVisible"));
        assertEquals(0, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(600);
        assertNull(receiveOne(q), "expired in-flight and delayed messages never come back");
        broker.deleteMessage(q, inFlight.receiptHandle()); // harmless
        restart();
        advance(600);
        assertNull(receiveOne(q));
    }

    @Test
    void perMessageExpirationIsTheEarlierOfItAndRetention() {
        String q = queue("q");
        Instant expiry = clock.instant().plusSeconds(10);
        broker.sendMessage(q, SendMessageRequest.builder("short").expiration(expiry).build());
        broker.sendMessage(q, SendMessageRequest.builder("long").expiration(clock.instant().plus(Duration.ofDays(30))).build());
        advance(9);
        List<ReceivedMessage> got = broker.receiveMessage(q, ReceiveMessageRequest.of(10).withVisibilityTimeoutSeconds(0));
        assertEquals(Set.of("short", "long"), new HashSet<>(bodies(got)));
        ReceivedMessage shortOne = got.stream().filter(m -> m.bodyAsString().equals("short")).findFirst().orElseThrow();
        ReceivedMessage longOne = got.stream().filter(m -> m.bodyAsString().equals("long")).findFirst().orElseThrow();
        assertEquals(expiry, shortOne.expiration());
        assertEquals(clock.instant().minusSeconds(9).plus(Duration.ofDays(4)), longOne.expiration(), "capped by retention");
        advance(1);
        assertEquals(List.of("long"), bodies(receive(q, 10)));
    }

    // ------------------------------------------------------------------ priority

    @Test
    void higherPriorityIsReceivedFirstOnStandardQueues() {
        String q = queue("q");
        broker.sendMessage(q, SendMessageRequest.builder("p4-a").priority(4).build());
        advance(1);
        broker.sendMessage(q, SendMessageRequest.builder("p4-b").priority(4).build());
        advance(1);
        broker.sendMessage(q, SendMessageRequest.builder("p9").priority(9).build());
        broker.sendMessage(q, SendMessageRequest.builder("p0").priority(0).build());
        ReceivedMessage top = receiveOne(q);
        assertEquals("p9", top.bodyAsString());
        assertEquals(9, top.priority());
        assertEquals(List.of("p4-a", "p4-b", "p0"), bodies(receive(q, 10)));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("x").priority(10).build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q, SendMessageRequest.builder("x").priority(-1).build()));
    }

    @Test
    void priorityDoesNotShortenADelay() {
        String q = queue("q");
        broker.sendMessage(q, SendMessageRequest.builder("delayed-p9").priority(9).delaySeconds(30).build());
        assertEquals(1, count(q, "ApproximateNumberOfMessagesDelayed"));
        assertNull(receiveOne(q));
        advance(30);
        assertEquals("delayed-p9", receiveOne(q).bodyAsString());
    }

    // ------------------------------------------------------------------ batches

    private static SendMessageBatchEntry entry(String id, String body) {
        return new SendMessageBatchEntry(id, SendMessageRequest.builder(body).build());
    }

    @Test
    void sendBatchOfOneToTen() {
        String q = queue("q");
        BatchResult<SendMessageResult> one = broker.sendMessageBatch(q, List.of(entry("only", "x")));
        assertEquals(1, one.successful().size());
        List<SendMessageBatchEntry> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(entry("e-" + i, "body" + i));
        }
        BatchResult<SendMessageResult> r = broker.sendMessageBatch(q, ten);
        assertEquals(List.of(), r.failed());
        assertEquals(10, r.successful().size());
        for (int i = 0; i < 10; i++) {
            assertEquals("e-" + i, r.successful().get(i).id());
            assertEquals(md5(("body" + i).getBytes(StandardCharsets.UTF_8)), r.successful().get(i).value().md5OfMessageBody());
        }
        assertEquals(11, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void sendBatchWholeRequestErrorsSendNothing() {
        String q = queue("q");
        brokerError(ErrorCode.EMPTY_BATCH_REQUEST, () -> broker.sendMessageBatch(q, List.of()));
        List<SendMessageBatchEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("e" + i, "x"));
        }
        BrokerException e = brokerError(ErrorCode.TOO_MANY_ENTRIES_IN_BATCH_REQUEST, () -> broker.sendMessageBatch(q, eleven));
        assertTrue(e.getMessage().contains("10"));
        brokerError(ErrorCode.BATCH_ENTRY_IDS_NOT_DISTINCT, () -> broker.sendMessageBatch(q, List.of(entry("a", "1"), entry("a", "2"))));
        for (String badId : List.of("has space", "dot.x", "", "x".repeat(81))) {
            brokerError(ErrorCode.INVALID_BATCH_ENTRY_ID, () -> broker.sendMessageBatch(q, List.of(entry("ok", "1"), entry(badId, "2"))));
        }
        broker.sendMessageBatch(q, List.of(entry("x".repeat(80), "80-char id is fine")));
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void sendBatchTotalOverOneMebibyteIsTooLong() {
        String q = queue("q");
        String half = "h".repeat(600_000);
        BrokerException e = brokerError(ErrorCode.BATCH_REQUEST_TOO_LONG,
                () -> broker.sendMessageBatch(q, List.of(entry("a", half), entry("b", half))));
        assertTrue(e.getMessage().contains("1048576"));
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        String exact = "h".repeat(524_288);
        assertEquals(2, broker.sendMessageBatch(q, List.of(entry("a", exact), entry("b", exact))).successful().size());
        // attribute names count in UTF-8 bytes, as in a single message's size: 3 bytes each here
        String name = "\u20ac".repeat(100);
        SendMessageRequest withAttribute = SendMessageRequest.builder("h".repeat(524_288 - 300 - 6 - 1))
                .attribute(name, MessageAttributeValue.string("v")).providerAttributeRules().build(); // a JMS property name
        brokerError(ErrorCode.BATCH_REQUEST_TOO_LONG, () -> broker.sendMessageBatch(q,
                List.of(new SendMessageBatchEntry("a", withAttribute), entry("b", exact + "x"))));
        assertEquals(2, broker.sendMessageBatch(q,
                List.of(new SendMessageBatchEntry("a", withAttribute), entry("b", exact))).successful().size());
    }

    @Test
    void sendBatchReportsPerEntryFailuresWhileOthersSucceed() {
        String q = queue("q", "MaximumMessageSize", "1024");
        BatchResult<SendMessageResult> r = broker.sendMessageBatch(q, List.of(
                entry("good1", "one"),
                entry("badchars", "nul\u0000"),
                entry("toolong", "x".repeat(1025)),
                new SendMessageBatchEntry("baddelay", SendMessageRequest.builder("d").delaySeconds(901).build()),
                entry("good2", "two")));
        assertEquals(List.of("good1", "good2"), r.successful().stream().map(BatchResult.Success::id).toList());
        Map<String, ErrorCode> failures = new TreeMap<>();
        r.failed().forEach(f -> {
            failures.put(f.id(), f.code());
            assertTrue(f.senderFault());
            assertFalse(f.message().isEmpty());
        });
        assertEquals(Map.of("badchars", ErrorCode.INVALID_MESSAGE_CONTENTS, "toolong", ErrorCode.MESSAGE_TOO_LONG,
                "baddelay", ErrorCode.INVALID_PARAMETER_VALUE), failures);
        assertEquals(Set.of("one", "two"), new HashSet<>(bodies(receive(q, 10))));
    }

    @Test
    void deleteBatch() {
        String q = queue("q");
        for (int i = 0; i < 4; i++) {
            send(q, "m" + i);
        }
        List<ReceivedMessage> got = receive(q, 10);
        BatchResult<Void> r = broker.deleteMessageBatch(q, List.of(
                new DeleteMessageBatchEntry("d0", got.get(0).receiptHandle()),
                new DeleteMessageBatchEntry("d1", got.get(1).receiptHandle()),
                new DeleteMessageBatchEntry("bad", "garbage"),
                new DeleteMessageBatchEntry("d2", got.get(2).receiptHandle())));
        assertEquals(List.of("d0", "d1", "d2"), r.successful().stream().map(BatchResult.Success::id).toList());
        assertEquals(1, r.failed().size());
        assertEquals("bad", r.failed().get(0).id());
        assertEquals(ErrorCode.RECEIPT_HANDLE_IS_INVALID, r.failed().get(0).code());
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));

        String h = got.get(3).receiptHandle();
        brokerError(ErrorCode.EMPTY_BATCH_REQUEST, () -> broker.deleteMessageBatch(q, List.of()));
        List<DeleteMessageBatchEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(new DeleteMessageBatchEntry("e" + i, h));
        }
        brokerError(ErrorCode.TOO_MANY_ENTRIES_IN_BATCH_REQUEST, () -> broker.deleteMessageBatch(q, eleven));
        brokerError(ErrorCode.BATCH_ENTRY_IDS_NOT_DISTINCT, () -> broker.deleteMessageBatch(q,
                List.of(new DeleteMessageBatchEntry("x", h), new DeleteMessageBatchEntry("x", h))));
        brokerError(ErrorCode.INVALID_BATCH_ENTRY_ID, () -> broker.deleteMessageBatch(q, List.of(new DeleteMessageBatchEntry("x y", h))));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"), "rejected batches deleted nothing");
    }

    @Test
    void changeVisibilityBatch() {
        String q = queue("q");
        for (int i = 0; i < 3; i++) {
            send(q, "m" + i);
        }
        List<ReceivedMessage> got = receive(q, 10);
        ReceivedMessage stale = got.get(2);
        broker.changeMessageVisibility(q, stale.receiptHandle(), 0);
        ReceivedMessage fresh = receiveOne(q);
        BatchResult<Void> r = broker.changeMessageVisibilityBatch(q, List.of(
                new ChangeVisibilityBatchEntry("zero", got.get(0).receiptHandle(), 0),
                new ChangeVisibilityBatchEntry("long", got.get(1).receiptHandle(), 600),
                new ChangeVisibilityBatchEntry("stale", stale.receiptHandle(), 0),
                new ChangeVisibilityBatchEntry("range", fresh.receiptHandle(), 43201)));
        assertEquals(Set.of("zero", "long"), new HashSet<>(r.successful().stream().map(BatchResult.Success::id).toList()));
        Map<String, ErrorCode> failures = new TreeMap<>();
        r.failed().forEach(f -> failures.put(f.id(), f.code()));
        assertEquals(Map.of("stale", ErrorCode.RECEIPT_HANDLE_IS_INVALID, "range", ErrorCode.INVALID_PARAMETER_VALUE), failures);
        assertEquals(List.of(got.get(0).messageId()), receive(q, 10).stream().map(ReceivedMessage::messageId).toList());
        advance(30); // "fresh" (the stale one's new copy) and the re-received "zero" come back after 30 s, "long" does not
        assertEquals(Set.of(fresh.messageId(), got.get(0).messageId()),
                new HashSet<>(receive(q, 10).stream().map(ReceivedMessage::messageId).toList()));

        brokerError(ErrorCode.EMPTY_BATCH_REQUEST, () -> broker.changeMessageVisibilityBatch(q, List.of()));
        brokerError(ErrorCode.BATCH_ENTRY_IDS_NOT_DISTINCT, () -> broker.changeMessageVisibilityBatch(q, List.of(
                new ChangeVisibilityBatchEntry("a", fresh.receiptHandle(), 0), new ChangeVisibilityBatchEntry("a", fresh.receiptHandle(), 0))));
        List<ChangeVisibilityBatchEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(new ChangeVisibilityBatchEntry("e" + i, fresh.receiptHandle(), 0));
        }
        brokerError(ErrorCode.TOO_MANY_ENTRIES_IN_BATCH_REQUEST, () -> broker.changeMessageVisibilityBatch(q, eleven));
        assertEquals(3, count(q, "ApproximateNumberOfMessagesNotVisible"), "rejected batches changed nothing");
    }

    // ------------------------------------------------------------------ OverLimit

    /**
     * 120,000 real in-flight messages take ~20 s to insert through the store, so this test runs the
     * core's rule against a store whose in-flight count is offset: the rule, not the count query
     * (covered by ApproximateNumberOfMessagesNotVisible), is what is tested here.
     */
    @Test
    void overLimitWhen120000MessagesAreInFlight() {
        broker.close();
        long[] offset = {Limits.MAX_IN_FLIGHT_STANDARD};
        QueueStore real = JdbcQueueStore.open(storeUrl(), null, null, Durability.PROCESS, 4);
        broker = new JaqsBroker(new InFlightOffsetStore(real, offset), BrokerConfig.withClock(clock));
        String q = queue("busy");
        send(q, "a");
        send(q, "b");
        // already at the limit when the broker starts: the very first receive must see it
        BrokerException e = brokerError(ErrorCode.OVER_LIMIT, () -> receiveOne(q));
        assertTrue(e.getMessage().contains("120000"), e.getMessage());
        assertEquals(2, count(q, "ApproximateNumberOfMessages"), "nothing was received");

        offset[0] = Limits.MAX_IN_FLIGHT_STANDARD - 1; // one place left
        advance(1);
        ReceivedMessage m = receiveOne(q);
        assertNotNull(m);
        brokerError(ErrorCode.OVER_LIMIT, () -> receiveOne(q));
        broker.deleteMessage(q, m.receiptHandle()); // frees the place
        assertNotNull(receiveOne(q));
    }

    /** A store whose sessions report {@code offset} more in-flight messages than there are. */
    private record InFlightOffsetStore(QueueStore delegate, long[] offset) implements QueueStore {
        private StoreSession wrap(StoreSession s) {
            return (StoreSession) Proxy.newProxyInstance(StoreSession.class.getClassLoader(), new Class<?>[] {StoreSession.class},
                    (proxy, method, args) -> {
                        try {
                            Object r = method.invoke(s, args);
                            return method.getName().equals("countInFlight") ? (Long) r + offset[0] : r;
                        } catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        }

        @Override
        public <T> CompletableFuture<T> write(StoreWork<T> work) {
            return delegate.write(s -> work.run(wrap(s)));
        }

        @Override
        public <T> T read(StoreWork<T> work) {
            return delegate.read(s -> work.run(wrap(s)));
        }

        @Override
        public Durability durability() {
            return delegate.durability();
        }

        @Override
        public void onFailure(Consumer<Throwable> listener) {
            delegate.onFailure(listener);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
