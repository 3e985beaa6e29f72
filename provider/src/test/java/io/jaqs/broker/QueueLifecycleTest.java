package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Queue actions: create, URL, attributes and their SQS ranges, list, delete, purge, tags, redrive policies. */
class QueueLifecycleTest extends BrokerTestSupport {

    private static final String URL_PREFIX = "http://localhost:9324/000000000000/";

    // ------------------------------------------------------------------ create

    @Test
    void createReturnsUrlAndIsIdempotentWithEqualAttributes() {
        String url = broker.createQueue("orders", attrs("VisibilityTimeout", "60", "DelaySeconds", "5"));
        assertEquals(URL_PREFIX + "orders", url);
        assertEquals(url, broker.createQueue("orders", attrs("DelaySeconds", "5", "VisibilityTimeout", "60")));
        assertEquals(List.of(url), broker.listQueues(null));
        assertEquals("60", attributes(url).get("VisibilityTimeout"));
    }

    @Test
    void createOfAnExistingQueueComparesOnlyTheGivenAttributes() {
        // SQS: "returns this error only if the request includes attributes whose values differ"
        String url = queue("orders", "VisibilityTimeout", "60");
        assertEquals(url, broker.createQueue("orders", Map.of()));
        assertEquals(url, broker.createQueue("orders", attrs("DelaySeconds", "0")));
        assertEquals("60", attributes(url).get("VisibilityTimeout"));
    }

    @Test
    void createWithADifferentAttributeFailsNamingIt() {
        String url = queue("orders", "VisibilityTimeout", "60");
        BrokerException e = brokerError(ErrorCode.QUEUE_NAME_EXISTS,
                () -> broker.createQueue("orders", attrs("VisibilityTimeout", "61")));
        assertTrue(e.getMessage().contains("VisibilityTimeout"), e.getMessage());
        assertEquals("60", attributes(url).get("VisibilityTimeout"), "the existing queue is unchanged");
        assertEquals(1, broker.listQueues("").size());
    }

    @Test
    void createComparesNormalizedValues() {
        queue("dlq");
        String url = queue("src", "VisibilityTimeout", "45",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":5}");
        assertEquals(url, broker.createQueue("src", attrs("VisibilityTimeout", "045",
                "RedrivePolicy", "{ \"maxReceiveCount\" : \"5\", \"deadLetterTargetArn\" : \"arn:aws:sqs:us-east-1:000000000000:dlq\" }")));
        assertEquals("45", attributes(url).get("VisibilityTimeout"));
    }

    @Test
    void createStoresTagsAndCreatedTimestamp() {
        long nowSeconds = clock.instant().getEpochSecond();
        String url = broker.createQueue("tagged", Map.of(), Map.of("team", "billing"));
        assertEquals(Map.of("team", "billing"), broker.listQueueTags(url));
        advance(100);
        Map<String, String> a = attributes(url);
        assertEquals(Long.toString(nowSeconds), a.get("CreatedTimestamp"));
        assertEquals(Long.toString(nowSeconds), a.get("LastModifiedTimestamp"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:tagged", a.get("QueueArn"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:tagged", broker.queueArn("tagged"));
    }

    // ------------------------------------------------------------------ names

    @Test
    void invalidQueueNamesAreRejected() {
        for (String name : List.of("", "has space", "dot.inside", "slash/x", "ünïcode", ".fifo", "x.fifo.fifo", "star*",
                "x".repeat(81), "y".repeat(76) + ".fifo")) {
            BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.createQueue(name, Map.of()));
            assertTrue(e.getMessage().toLowerCase().contains("queue name"), e.getMessage());
        }
        assertEquals(List.of(), broker.listQueues(null), "no queue was created");
    }

    @Test
    void nullQueueNameIsRejected() {
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.createQueue((String) null, Map.of()));
        assertEquals(List.of(), broker.listQueues(null));
    }

    @Test
    void namesOfExactly80CharactersAreAccepted() {
        String standard = "a".repeat(40) + "_-" + "Z9".repeat(19);
        String fifo = "b".repeat(75) + ".fifo";
        assertEquals(80, standard.length());
        assertEquals(80, fifo.length());
        queue(standard);
        queue(fifo);
        assertEquals(2, broker.listQueues(null).size());
        assertEquals("true", attributes(fifo).get("FifoQueue"));
        assertNull(attributes(standard).get("FifoQueue"));
    }

    // ------------------------------------------------------------------ get URL and attributes

    @Test
    void getQueueUrlOfExistingAndMissingQueues() {
        String url = queue("orders");
        assertEquals(url, broker.getQueueUrl("orders"));
        assertEquals(url, broker.getQueueUrl(url));
        BrokerException e = brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl("nope"));
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void everyActionOnAMissingQueueIsQueueDoesNotExist() {
        String missing = URL_PREFIX + "missing";
        List<Runnable> calls = List.of(
                () -> broker.getQueueAttributes(missing, List.of("All")),
                () -> broker.setQueueAttributes(missing, attrs("DelaySeconds", "1")),
                () -> broker.deleteQueue(missing),
                () -> broker.purgeQueue(missing),
                () -> broker.tagQueue(missing, Map.of("a", "b")),
                () -> broker.listQueueTags(missing),
                () -> broker.sendMessage(missing, SendMessageRequest.builder("x").build()),
                () -> broker.receiveMessage(missing, ReceiveMessageRequest.of(1)),
                () -> broker.listDeadLetterSourceQueues(missing));
        for (Runnable call : calls) {
            brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, call);
        }
        assertEquals(List.of(), broker.listQueues(null));
    }

    @Test
    void defaultAttributesOfAStandardQueue() {
        Map<String, String> a = attributes(queue("std"));
        assertEquals("30", a.get("VisibilityTimeout"));
        assertEquals("0", a.get("DelaySeconds"));
        assertEquals("345600", a.get("MessageRetentionPeriod"));
        assertEquals("1048576", a.get("MaximumMessageSize"));
        assertEquals("0", a.get("ReceiveMessageWaitTimeSeconds"));
        assertEquals("0", a.get("ApproximateNumberOfMessages"));
        assertEquals("0", a.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", a.get("ApproximateNumberOfMessagesDelayed"));
        assertFalse(a.containsKey("FifoQueue"));
        assertFalse(a.containsKey("ContentBasedDeduplication"));
        assertFalse(a.containsKey("RedrivePolicy"));
    }

    @Test
    void defaultAttributesOfAFifoQueue() {
        Map<String, String> a = attributes(queue("f.fifo"));
        assertEquals("true", a.get("FifoQueue"));
        assertEquals("false", a.get("ContentBasedDeduplication"));
        assertEquals("queue", a.get("DeduplicationScope"));
        assertEquals("perQueue", a.get("FifoThroughputLimit"));
    }

    @Test
    void getQueueAttributesReturnsOnlyTheNamedOnes() {
        String q = queue("q", "DelaySeconds", "7");
        assertEquals(Map.of("DelaySeconds", "7"), broker.getQueueAttributes(q, List.of("DelaySeconds")));
        assertEquals(Map.of("ApproximateNumberOfMessages", "0", "QueueArn", "arn:aws:sqs:us-east-1:000000000000:q"),
                broker.getQueueAttributes(q, List.of("ApproximateNumberOfMessages", "QueueArn")));
        assertEquals(Map.of(), broker.getQueueAttributes(q, List.of()));
    }

    @Test
    void getQueueAttributesWithAnUnknownNameFails() {
        String q = queue("q");
        BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_NAME,
                () -> broker.getQueueAttributes(q, List.of("VisibilityTimeout", "Colour")));
        assertTrue(e.getMessage().contains("Colour"));
    }

    @Test
    void approximateCountsFollowTheMessagesStates() {
        String q = queue("q");
        send(q, "visible-1");
        send(q, "visible-2");
        broker.sendMessage(q, SendMessageRequest.builder("delayed").delaySeconds(60).build());
        assertCounts(q, 2, 0, 1);
        assertEquals(1, receive(q, 1).size());
        assertCounts(q, 1, 1, 1);
        advance(30); // visibility timeout (30 s) over
        assertCounts(q, 2, 0, 1);
        advance(30); // delay over
        assertCounts(q, 3, 0, 0);
    }

    private void assertCounts(String q, long visible, long notVisible, long delayed) {
        Map<String, String> a = broker.getQueueAttributes(q, List.of("ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"));
        assertEquals(Map.of("ApproximateNumberOfMessages", Long.toString(visible),
                "ApproximateNumberOfMessagesNotVisible", Long.toString(notVisible),
                "ApproximateNumberOfMessagesDelayed", Long.toString(delayed)), a);
    }

    // ------------------------------------------------------------------ set attributes

    @Test
    void setQueueAttributesChangesValuesAndLastModified() {
        String q = queue("q");
        advance(10);
        broker.setQueueAttributes(q, attrs("VisibilityTimeout", "120", "DelaySeconds", "3", "Policy", "{}"));
        Map<String, String> a = attributes(q);
        assertEquals("120", a.get("VisibilityTimeout"));
        assertEquals("3", a.get("DelaySeconds"));
        assertEquals("{}", a.get("Policy"));
        assertEquals(Long.toString(clock.instant().getEpochSecond()), a.get("LastModifiedTimestamp"));
        assertEquals(Long.toString(clock.instant().getEpochSecond() - 10), a.get("CreatedTimestamp"));
        // the new timeout applies to the next receive
        send(q, "m");
        advance(3);
        assertEquals(1, receive(q, 1).size());
        advance(119);
        assertTrue(receive(q, 1).isEmpty());
        advance(1);
        assertEquals(1, receive(q, 1).size());
    }

    @Test
    void attributesSurviveARestart() {
        String q = broker.createQueue("q", attrs("VisibilityTimeout", "99", "MaximumMessageSize", "2048"), Map.of("k", "v"));
        restart();
        Map<String, String> a = attributes(q);
        assertEquals("99", a.get("VisibilityTimeout"));
        assertEquals("2048", a.get("MaximumMessageSize"));
        assertEquals(Map.of("k", "v"), broker.listQueueTags(q));
    }

    @Test
    void numericAttributeRangesAreExactlySqs() {
        checkRange("VisibilityTimeout", 0, 43200);
        checkRange("DelaySeconds", 0, 900);
        checkRange("MessageRetentionPeriod", 60, 1209600);
        checkRange("MaximumMessageSize", 1024, 1048576);
        checkRange("ReceiveMessageWaitTimeSeconds", 0, 20);
        checkRange("KmsDataKeyReusePeriodSeconds", 60, 86400);
        assertEquals(12, broker.listQueues(null).size(), "no rejected queue was created");
    }

    private void checkRange(String name, long min, long max) {
        // the bounds are accepted, on create and on set
        String lowQueue = queue(name + "-low", name, Long.toString(min));
        assertEquals(Long.toString(min), broker.getQueueAttributes(lowQueue, List.of(name)).get(name));
        String highQueue = queue(name + "-high");
        broker.setQueueAttributes(highQueue, attrs(name, Long.toString(max)));
        assertEquals(Long.toString(max), broker.getQueueAttributes(highQueue, List.of(name)).get(name));

        for (String bad : List.of(Long.toString(min - 1), Long.toString(max + 1), "ten", "", "1.5", "99999999999999999999")) {
            BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                    () -> broker.createQueue("rejected", attrs(name, bad)));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(min + " to " + max),
                    "message names the attribute and its range: " + e.getMessage());
            brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(lowQueue, attrs(name, bad)));
            assertEquals(Long.toString(min), broker.getQueueAttributes(lowQueue, List.of(name)).get(name), "unchanged");
        }
    }

    @Test
    void aRejectedSetChangesNoAttributeAtAll() {
        String q = queue("q");
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> broker.setQueueAttributes(q, attrs("DelaySeconds", "5", "VisibilityTimeout", "-1")));
        assertEquals("0", attributes(q).get("DelaySeconds"));
        assertEquals("30", attributes(q).get("VisibilityTimeout"));
    }

    @Test
    void unknownOrReadOnlyAttributesAreInvalidAttributeName() {
        String q = queue("q2");
        for (String name : List.of("Colour", "ApproximateNumberOfMessages", "QueueArn", "CreatedTimestamp", "All", "visibilitytimeout")) {
            BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_NAME, () -> broker.createQueue("q", attrs(name, "1")));
            assertTrue(e.getMessage().contains(name));
            brokerError(ErrorCode.INVALID_ATTRIBUTE_NAME, () -> broker.setQueueAttributes(q, attrs(name, "1")));
            assertFalse(attributes(q).containsKey(name.equals("visibilitytimeout") ? name : "Colour"));
        }
        assertEquals(List.of(q), broker.listQueues(null));
    }

    @Test
    void fifoQueueAttributeMustMatchTheName() {
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.createQueue("plain", attrs("FifoQueue", "true")));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.createQueue("ordered.fifo", attrs("FifoQueue", "false")));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.createQueue("ordered.fifo", attrs("FifoQueue", "yes")));
        assertEquals(List.of(), broker.listQueues(null));
        String fifo = queue("ordered.fifo", "FifoQueue", "true");
        assertEquals("true", attributes(fifo).get("FifoQueue"));
        // FifoQueue is fixed at creation
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(fifo, attrs("FifoQueue", "true")));
    }

    @Test
    void fifoQueueFalseOnAStandardQueueIsNotReportedBack() {
        // Jaqs accepts FifoQueue=false on a standard queue (SQS documents it, though the service rejects it)
        String q = queue("plain", "FifoQueue", "false");
        assertFalse(attributes(q).containsKey("FifoQueue"));
        assertEquals(q, broker.createQueue("plain", Map.of()));
    }

    @Test
    void fifoAttributesOnAStandardQueueAreRejected() {
        // SQS answers InvalidAttributeName ("Unknown Attribute ...") for FIFO-only attributes on a standard queue
        String q = queue("plain");
        Map<String, String> fifoOnly = attrs("ContentBasedDeduplication", "true", "DeduplicationScope", "queue",
                "FifoThroughputLimit", "perQueue");
        fifoOnly.forEach((name, value) -> {
            BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_NAME, () -> broker.createQueue("other", attrs(name, value)));
            assertTrue(e.getMessage().contains(name));
            brokerError(ErrorCode.INVALID_ATTRIBUTE_NAME, () -> broker.setQueueAttributes(q, attrs(name, value)));
            assertFalse(attributes(q).containsKey(name));
        });
        assertEquals(List.of(q), broker.listQueues(null));
    }

    @Test
    void fifoAttributesTakeTheirSqsValues() {
        String q = queue("f.fifo", "ContentBasedDeduplication", "true", "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId");
        assertEquals("true", attributes(q).get("ContentBasedDeduplication"));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(q, attrs("ContentBasedDeduplication", "1")));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(q, attrs("DeduplicationScope", "group")));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(q, attrs("FifoThroughputLimit", "perGroup")));
        assertEquals("messageGroup", attributes(q).get("DeduplicationScope"));
    }

    @Test
    void perMessageGroupIdThroughputNeedsMessageGroupDeduplication() {
        // SQS: "The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup."
        BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> broker.createQueue("a.fifo", attrs("FifoThroughputLimit", "perMessageGroupId")));
        assertTrue(e.getMessage().contains("perMessageGroupId"));
        assertEquals(List.of(), broker.listQueues(null));
        // the other way round is allowed: deduplication per group with the per-queue throughput limit
        String q = queue("b.fifo", "DeduplicationScope", "messageGroup");
        assertEquals("perQueue", attributes(q).get("FifoThroughputLimit"));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(q, attrs("DeduplicationScope", "queue",
                "FifoThroughputLimit", "perMessageGroupId")));
        assertEquals("messageGroup", attributes(q).get("DeduplicationScope"));
    }

    // ------------------------------------------------------------------ list and delete

    @Test
    void listQueuesByPrefixTreatsUnderscoreAndPercentLiterally() {
        for (String n : List.of("orders", "orders-eu", "order_x", "orderXx", "billing")) {
            queue(n);
        }
        assertEquals(List.of(URL_PREFIX + "orders", URL_PREFIX + "orders-eu"), broker.listQueues("orders"));
        assertEquals(List.of(URL_PREFIX + "order_x"), broker.listQueues("order_"));
        assertEquals(List.of(), broker.listQueues("order%"));
        assertEquals(List.of(), broker.listQueues("zzz"));
        assertEquals(List.of(URL_PREFIX + "billing", URL_PREFIX + "orderXx", URL_PREFIX + "order_x",
                URL_PREFIX + "orders", URL_PREFIX + "orders-eu"), broker.listQueues(""));
        assertEquals(broker.listQueues(""), broker.listQueues(null));
        // names and prefixes are case-sensitive, as in SQS
        queue("Orders");
        assertEquals(List.of(URL_PREFIX + "Orders"), broker.listQueues("O"));
        assertEquals(6, broker.listQueues(null).size());
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl("BILLING"));
    }

    @Test
    void deleteQueueRemovesItAndItsMessages() {
        String q = queue("q");
        send(q, "old");
        broker.deleteQueue(q);
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl("q"));
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> send(q, "x"));
        assertEquals(List.of(), broker.listQueues(null));
        // a new queue of the same name starts empty
        String again = queue("q");
        assertEquals(q, again);
        assertNull(receiveOne(again));
        assertEquals("0", attributes(again).get("ApproximateNumberOfMessages"));
        restart();
        assertNull(receiveOne(again));
    }

    // ------------------------------------------------------------------ purge

    @Test
    void purgeDeletesEveryMessageAndIsAllowedOncePer60Seconds() {
        String q = queue("q");
        send(q, "a");
        send(q, "b");
        broker.sendMessage(q, SendMessageRequest.builder("delayed").delaySeconds(10).build());
        assertEquals(1, receive(q, 1).size()); // one in flight
        broker.purgeQueue(q);
        assertEquals("0", attributes(q).get("ApproximateNumberOfMessages"));
        assertEquals("0", attributes(q).get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", attributes(q).get("ApproximateNumberOfMessagesDelayed"));
        advance(31);
        assertNull(receiveOne(q));

        send(q, "kept");
        advance(28); // 59 s after the purge
        BrokerException e = brokerError(ErrorCode.PURGE_QUEUE_IN_PROGRESS, () -> broker.purgeQueue(q));
        assertTrue(e.getMessage().contains("60"));
        assertEquals("1", attributes(q).get("ApproximateNumberOfMessages"), "a rejected purge deletes nothing");
        advance(1); // 60 s after the purge
        broker.purgeQueue(q);
        assertEquals("0", attributes(q).get("ApproximateNumberOfMessages"));
    }

    @Test
    void purgeOfAFifoQueueReleasesItsGroups() {
        String q = queue("f.fifo");
        sendFifo(q, "g", "1");
        assertEquals(1, receive(q, 1).size());
        broker.purgeQueue(q);
        sendFifo(q, "g", "2");
        assertEquals(List.of("2"), bodies(receive(q, 10)), "the group is not locked by the purged message");
    }

    // ------------------------------------------------------------------ tags

    @Test
    void tagUntagAndList() {
        String q = queue("q");
        assertEquals(Map.of(), broker.listQueueTags(q));
        broker.tagQueue(q, Map.of("a", "1", "b", "2"));
        broker.tagQueue(q, Map.of("b", "3", "c", ""));
        assertEquals(Map.of("a", "1", "b", "3", "c", ""), broker.listQueueTags(q));
        broker.untagQueue(q, List.of("a", "unknown"));
        assertEquals(Map.of("b", "3", "c", ""), broker.listQueueTags(q));
        Map<String, String> odd = Map.of("k=v", "a:b", "line", "one\ntwo", "#hash", "ü€ \\ !", " spaced ", "  ");
        broker.tagQueue(q, odd);
        restart();
        Map<String, String> expected = new java.util.HashMap<>(odd);
        expected.put("b", "3");
        expected.put("c", "");
        assertEquals(expected, broker.listQueueTags(q));
    }

    @Test
    void tagLimitsAreEnforcedAndChangeNothing() {
        String q = queue("q");
        broker.tagQueue(q, Map.of("keep", "me"));
        Map<String, String> fifty = new java.util.HashMap<>();
        IntStream.range(0, 50).forEach(i -> fifty.put("k" + i, "v"));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.tagQueue(q, fifty)); // 51 with "keep"
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.tagQueue(q, Map.of("k".repeat(129), "v")));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.tagQueue(q, Map.of("k", "v".repeat(257))));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.tagQueue(q, Map.of("aws:owner", "me")));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.tagQueue(q, Map.of("", "v")));
        assertEquals(Map.of("keep", "me"), broker.listQueueTags(q));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.createQueue("t", Map.of(), Map.of("aws:x", "y")));
        assertEquals(1, broker.listQueues(null).size());
        // exactly at the limits is fine
        Map<String, String> max = new java.util.HashMap<>();
        IntStream.range(0, 49).forEach(i -> max.put("k" + i, "v".repeat(256)));
        broker.tagQueue(q, max);
        broker.tagQueue(q, Map.of("keep", "x"));
        assertEquals(50, broker.listQueueTags(q).size());
        broker.untagQueue(q, List.of("k0"));
        broker.tagQueue(q, Map.of("k".repeat(128), ""));
        assertEquals(50, broker.listQueueTags(q).size());
    }

    // ------------------------------------------------------------------ redrive policy

    @Test
    void redrivePolicyForms() {
        String dlq = queue("dlq");
        Map<String, Integer> forms = new java.util.LinkedHashMap<>();
        forms.put("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":5}", 5);
        forms.put("{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-3:123456789012:dlq\",\"maxReceiveCount\":\"7\"}", 7);
        forms.put("{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":1000}", 1000);
        forms.put("{\"maxReceiveCount\":1,\"deadLetterTargetArn\":\"dlq\"}", 1);
        List<String> sources = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> form : forms.entrySet()) {
            String created = queue("created" + i, "RedrivePolicy", form.getKey());
            String set = queue("set" + i++);
            broker.setQueueAttributes(set, attrs("RedrivePolicy", form.getKey()));
            for (String src : List.of(created, set)) {
                RedrivePolicy p = RedrivePolicy.parse(attributes(src).get("RedrivePolicy"));
                assertEquals("dlq", p.deadLetterQueueName());
                assertEquals(form.getValue(), p.maxReceiveCount());
                sources.add(src);
            }
        }
        java.util.Collections.sort(sources);
        assertEquals(sources, broker.listDeadLetterSourceQueues(dlq));
    }

    @Test
    void invalidRedrivePoliciesAreRejected() {
        queue("dlq");
        queue("dlq.fifo");
        String src = queue("src");
        for (String json : List.of(
            "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":0}",
            "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":1001}",
            "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":\"many\"}",
            "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":2.5}",
            "{\"deadLetterTargetArn\":\"dlq\"}",
            "{\"maxReceiveCount\":5}",
            "{\"deadLetterTargetArn\":\"\",\"maxReceiveCount\":5}",
            "{\"deadLetterTargetArn\":\"missing\",\"maxReceiveCount\":5}",
            "{\"deadLetterTargetArn\":\"dlq.fifo\",\"maxReceiveCount\":5}",
            "{\"deadLetterTargetArn\":\"bad name\",\"maxReceiveCount\":5}",
            "{\"deadLetterTargetArn\":\"arn:aws:sns:us-east-1:000000000000:dlq\",\"maxReceiveCount\":5}",
            "not json",
            "[1,2]")) {
            BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                    () -> broker.setQueueAttributes(src, attrs("RedrivePolicy", json)));
            assertTrue(e.getMessage().contains("RedrivePolicy") || e.getMessage().contains("dead-letter"), e.getMessage());
            assertFalse(attributes(src).containsKey("RedrivePolicy"), "unchanged");
            brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.createQueue("new", attrs("RedrivePolicy", json)));
        }
        assertEquals(3, broker.listQueues(null).size(), "no queue was created");
    }

    @Test
    void theDeadLetterQueueMustBeOfTheSameType() {
        queue("dlq");
        String fifoDlq = queue("dlq.fifo");
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.createQueue("src.fifo",
                attrs("RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}")));
        String fifo = queue("src.fifo", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq.fifo\",\"maxReceiveCount\":3}");
        assertEquals(List.of(fifo), broker.listDeadLetterSourceQueues(fifoDlq));
    }

    @Test
    void aQueueCannotBeItsOwnDeadLetterQueue() {
        String q = queue("q");
        BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(q,
                attrs("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"maxReceiveCount\":3}")));
        assertTrue(e.getMessage().contains("own dead-letter queue"));
        assertFalse(attributes(q).containsKey("RedrivePolicy"));
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> queue("self", "RedrivePolicy", "{\"deadLetterTargetArn\":\"self\",\"maxReceiveCount\":3}"));
        assertEquals(List.of(q), broker.listQueues(null));
    }

    @Test
    void anEmptyRedrivePolicyRemovesIt() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        broker.setQueueAttributes(src, attrs("RedrivePolicy", ""));
        assertFalse(attributes(src).containsKey("RedrivePolicy"));
        assertEquals(List.of(), broker.listDeadLetterSourceQueues(dlq));
    }

    @Test
    void otherAttributesCanBeSetAfterTheDeadLetterQueueIsGone() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        broker.deleteQueue(dlq);
        broker.setQueueAttributes(src, attrs("VisibilityTimeout", "5"));
        assertEquals("5", attributes(src).get("VisibilityTimeout"));
    }

    @Test
    void listDeadLetterSourceQueuesListsExactlyTheSources() {
        String dlq = queue("dlq");
        String other = queue("other-dlq");
        String policy = "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}";
        String b = queue("b", "RedrivePolicy", policy);
        String a = queue("a", "RedrivePolicy", policy);
        queue("c", "RedrivePolicy", "{\"deadLetterTargetArn\":\"other-dlq\",\"maxReceiveCount\":3}");
        queue("d");
        assertEquals(List.of(a, b), broker.listDeadLetterSourceQueues(dlq));
        assertEquals(1, broker.listDeadLetterSourceQueues(other).size());
        assertEquals(List.of(), broker.listDeadLetterSourceQueues(a));
    }

    // ------------------------------------------------------------------ redrive allow policy

    @Test
    void redriveAllowPolicyAllowAllIsTheDefault() {
        String dlq = queue("dlq");
        assertFalse(attributes(dlq).containsKey("RedriveAllowPolicy"));
        queue("src", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        broker.setQueueAttributes(dlq, attrs("RedriveAllowPolicy", "{\"redrivePermission\":\"allowAll\"}"));
        queue("src2", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        assertEquals(2, broker.listDeadLetterSourceQueues(dlq).size());
    }

    @Test
    void redriveAllowPolicyDenyAllRejectsEverySource() {
        String dlq = queue("dlq", "RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}");
        BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> queue("src", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}"));
        assertTrue(e.getMessage().contains("RedriveAllowPolicy"));
        String src = queue("src");
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE, () -> broker.setQueueAttributes(src,
                attrs("RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}")));
        assertFalse(attributes(src).containsKey("RedrivePolicy"));
        assertEquals(List.of(), broker.listDeadLetterSourceQueues(dlq));
    }

    @Test
    void redriveAllowPolicyByQueueAllowsOnlyTheNamedSources() {
        String dlq = queue("dlq", "RedriveAllowPolicy",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:aws:sqs:us-east-1:000000000000:allowed\"]}");
        String allowed = queue("allowed", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> queue("denied", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}"));
        assertEquals(List.of(allowed), broker.listDeadLetterSourceQueues(dlq));
        assertEquals(List.of(allowed, dlq), broker.listQueues(null));
    }

    @Test
    void redriveAllowPolicyValidation() {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            arns.add("\"arn:aws:sqs:us-east-1:000000000000:s" + i + "\"");
        }
        String eleven = "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[" + String.join(",", arns) + "]}";
        String ten = "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[" + String.join(",", arns.subList(0, 10)) + "]}";
        String dlq = queue("dlq");
        for (String bad : List.of(eleven,
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[]}",
                "{\"redrivePermission\":\"byQueue\"}",
                "{\"redrivePermission\":\"allowAll\",\"sourceQueueArns\":[\"arn:aws:sqs:us-east-1:000000000000:s\"]}",
                "{\"redrivePermission\":\"allowSome\"}",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[1]}",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:aws:sns:x:y:z\"]}",
                "{}",
                "nope")) {
            BrokerException e = brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                    () -> broker.setQueueAttributes(dlq, attrs("RedriveAllowPolicy", bad)));
            assertTrue(e.getMessage().contains("RedriveAllowPolicy"), e.getMessage());
            assertFalse(attributes(dlq).containsKey("RedriveAllowPolicy"));
        }
        broker.setQueueAttributes(dlq, attrs("RedriveAllowPolicy", ten));
        assertEquals(10, RedriveAllowPolicy.parse(attributes(dlq).get("RedriveAllowPolicy")).sourceQueueNames().size());
        queue("s9", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}");
        brokerError(ErrorCode.INVALID_ATTRIBUTE_VALUE,
                () -> queue("s10", "RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":3}"));
    }
}
