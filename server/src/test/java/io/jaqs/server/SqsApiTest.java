package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Every SQS action through the AWS SDK for Java v2 (AWS JSON 1.0, SigV4-signed), over loopback.
 * One server for the class (each test uses its own queues).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsApiTest {
    @TempDir
    static Path dir;
    ServerFixture f;

    @BeforeAll
    void start() {
        f = new ServerFixture(dir);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void queueLifecycleListingAndAttributes() {
        String url = f.sqs.createQueue(b -> b.queueName("orders").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"))
                .tags(Map.of("team", "billing"))).queueUrl();
        assertEquals(f.server.url() + "/000000000000/orders", url);
        assertEquals(url, f.sqs.createQueue(b -> b.queueName("orders").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).queueUrl(),
                "creating again with equal attributes returns the URL");
        QueueNameExistsException exists = assertThrows(QueueNameExistsException.class, () ->
                f.sqs.createQueue(b -> b.queueName("orders").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "46"))));
        assertEquals("QueueAlreadyExists", exists.awsErrorDetails().errorCode());
        assertEquals(url, f.sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl());

        Map<QueueAttributeName, String> attrs = f.sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("45", attrs.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:orders", attrs.get(QueueAttributeName.QUEUE_ARN));
        assertEquals("0", attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        f.sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "5")));
        assertEquals(Map.of(QueueAttributeName.DELAY_SECONDS, "5"), f.sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.DELAY_SECONDS)).attributes());

        // tags
        assertEquals(Map.of("team", "billing"), f.sqs.listQueueTags(b -> b.queueUrl(url)).tags());
        f.sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("env", "test")));
        f.sqs.untagQueue(b -> b.queueUrl(url).tagKeys("team"));
        assertEquals(Map.of("env", "test"), f.sqs.listQueueTags(b -> b.queueUrl(url)).tags());

        // listing: prefix, paging
        for (int i = 0; i < 5; i++) {
            int n = i;
            f.sqs.createQueue(b -> b.queueName("page-" + n));
        }
        assertTrue(f.sqs.listQueues().queueUrls().containsAll(paged(5)));
        assertTrue(f.sqs.listQueues().queueUrls().contains(url));
        assertEquals(5, f.sqs.listQueues(b -> b.queueNamePrefix("page-")).queueUrls().size());
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListQueuesResponse r = f.sqs.listQueues(b -> b.queueNamePrefix("page-").maxResults(2).nextToken(t));
            paged.addAll(r.queueUrls());
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(paged(5), paged);

        f.sqs.deleteQueue(b -> b.queueUrl(url));
        QueueDoesNotExistException gone = assertThrows(QueueDoesNotExistException.class, () -> f.sqs.getQueueUrl(b -> b.queueName("orders")));
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", gone.awsErrorDetails().errorCode());
        assertEquals(400, gone.statusCode());
        assertNotNull(gone.requestId());
    }

    private List<String> paged(int n) {
        return IntStream.range(0, n).mapToObj(i -> f.server.url() + "/000000000000/page-" + i).toList();
    }

    @Test
    void sendReceiveDeleteWithAttributesAndChecksums() {
        String url = f.sqs.createQueue(b -> b.queueName("work")).queueUrl();
        Map<String, MessageAttributeValue> attributes = Map.of(
                "text", MessageAttributeValue.builder().dataType("String").stringValue("héllo ✓").build(),
                "count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
                "ratio", MessageAttributeValue.builder().dataType("Number.double").stringValue("0.25").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[]{0, 1, 2, (byte) 255})).build(),
                "meta.kind", MessageAttributeValue.builder().dataType("String.label").stringValue("invoice").build());
        // the SDK checks MD5OfMessageBody and MD5OfMessageAttributes of every answer against its own
        SendMessageResponse sent = f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("body ünïcode 🚀").messageAttributes(attributes));
        assertNotNull(sent.messageId());
        assertNotNull(sent.md5OfMessageAttributes());

        ReceiveMessageResponse r = f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL));
        assertEquals(1, r.messages().size());
        Message m = r.messages().get(0);
        assertEquals(sent.messageId(), m.messageId());
        assertEquals("body ünïcode 🚀", m.body());
        assertEquals(attributes, m.messageAttributes());
        assertEquals(sent.md5OfMessageAttributes(), m.md5OfMessageAttributes());
        assertEquals("1", m.attributesAsStrings().get("ApproximateReceiveCount"));
        assertNotNull(m.attributesAsStrings().get("SentTimestamp"));
        assertNotNull(m.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"));

        // selected attributes only: a prefix and a name
        f.sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        Message again = f.sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("meta.*", "blob")).messages().get(0);
        assertEquals(Set.of("meta.kind", "blob"), again.messageAttributes().keySet());
        assertTrue(again.attributes().isEmpty(), "no system attribute asked for");

        f.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()));
        f.clock.advance(Duration.ofHours(1));
        assertEquals(0, f.sqs.receiveMessage(b -> b.queueUrl(url)).messages().size(), "deleted for good");
    }

    @Test
    void batchesReportPartialFailures() {
        String url = f.sqs.createQueue(b -> b.queueName("batch")).queueUrl();
        SendMessageBatchResponse sent = f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("a").messageBody("one"),
                e -> e.id("b").messageBody("two").delaySeconds(900),
                e -> e.id("bad").messageBody("three").delaySeconds(901),
                e -> e.id("c").messageBody("four").messageAttributes(Map.of("n",
                        MessageAttributeValue.builder().dataType("Number").stringValue("7").build()))));
        assertEquals(List.of("a", "b", "c"), sent.successful().stream().map(s -> s.id()).toList());
        assertEquals(1, sent.failed().size());
        BatchResultErrorEntry failed = sent.failed().get(0);
        assertEquals("bad", failed.id());
        assertEquals("InvalidParameterValue", failed.code());
        assertTrue(failed.senderFault());

        List<Message> got = f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)).messages();
        assertEquals(Set.of("one", "four"), got.stream().map(Message::body).collect(Collectors.toSet()), "b is delayed 15 min");

        ChangeMessageVisibilityBatchResponse changed = f.sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(
                e -> e.id("x").receiptHandle(got.get(0).receiptHandle()).visibilityTimeout(0),
                e -> e.id("y").receiptHandle("garbage").visibilityTimeout(0)));
        assertEquals(1, changed.successful().size());
        assertEquals("ReceiptHandleIsInvalid", changed.failed().get(0).code());

        List<Message> again = f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(1, again.size());
        DeleteMessageBatchResponse deleted = f.sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("1").receiptHandle(again.get(0).receiptHandle()),
                e -> e.id("2").receiptHandle(got.get(1).receiptHandle()),
                e -> e.id("3").receiptHandle("garbage")));
        assertEquals(Set.of("1", "2"), deleted.successful().stream().map(s -> s.id()).collect(Collectors.toSet()));
        assertEquals("3", deleted.failed().get(0).id());
        assertEquals("ReceiptHandleIsInvalid", deleted.failed().get(0).code());
        assertEquals("1", f.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Test
    void purgeOncePerMinute() {
        String url = f.sqs.createQueue(b -> b.queueName("purge")).queueUrl();
        f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
        f.sqs.purgeQueue(b -> b.queueUrl(url));
        PurgeQueueInProgressException e = assertThrows(PurgeQueueInProgressException.class, () -> f.sqs.purgeQueue(b -> b.queueUrl(url)));
        assertEquals("AWS.SimpleQueueService.PurgeQueueInProgress", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals(0, f.sqs.receiveMessage(b -> b.queueUrl(url)).messages().size());
    }

    @Test
    void fifoGroupOrderLockDedupAndAttemptRetry() {
        String url = f.sqs.createQueue(b -> b.queueName("jobs.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        for (int i = 0; i < 3; i++) {
            int n = i;
            f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("a" + n).messageGroupId("A").messageDeduplicationId("a" + n));
            f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("b" + n).messageGroupId("B").messageDeduplicationId("b" + n));
        }
        SendMessageResponse dup = f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("a0 again").messageGroupId("A").messageDeduplicationId("a0"));
        assertNotNull(dup.sequenceNumber());

        ReceiveMessageResponse first = f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .receiveRequestAttemptId("attempt-1").messageSystemAttributeNames(MessageSystemAttributeName.ALL));
        List<String> bodies = first.messages().stream().map(Message::body).toList();
        assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2"), bodies.stream().sorted().toList(), "the duplicate was dropped");
        assertEquals(List.of("a0", "a1", "a2"), bodies.stream().filter(s -> s.startsWith("a")).toList(), "group order");
        assertEquals("A", first.messages().stream().filter(m -> m.body().equals("a0")).findFirst().orElseThrow()
                .attributesAsStrings().get("MessageGroupId"));

        // a retry with the same attempt id gets the same messages and receipt handles
        ReceiveMessageResponse retry = f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).receiveRequestAttemptId("attempt-1"));
        assertEquals(first.messages().stream().map(Message::receiptHandle).toList(), retry.messages().stream().map(Message::receiptHandle).toList());
        // groups are locked while their messages are in flight
        assertEquals(0, f.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().size());
    }

    @Test
    void deadLetterQueueSourcesAndMoveTasks() {
        String dlq = f.sqs.createQueue(b -> b.queueName("dead")).queueUrl();
        String dlqArn = f.sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String src = f.sqs.createQueue(b -> b.queueName("live").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}"))).queueUrl();
        assertEquals(List.of(src), f.sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls());

        f.sqs.sendMessage(b -> b.queueUrl(src).messageBody("poison"));
        assertEquals(1, f.sqs.receiveMessage(b -> b.queueUrl(src).visibilityTimeout(0)).messages().size());
        assertEquals(0, f.sqs.receiveMessage(b -> b.queueUrl(src)).messages().size(), "moved to the DLQ after 1 receive");
        Message dead = f.sqs.receiveMessage(b -> b.queueUrl(dlq).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN)).messages().get(0);
        assertEquals("poison", dead.body());
        assertTrue(dead.attributesAsStrings().get("DeadLetterQueueSourceArn").endsWith(":live"));

        String handle = f.sqs.startMessageMoveTask(b -> b.sourceArn(dlqArn)).taskHandle();
        assertNotNull(handle);
        List<ListMessageMoveTasksResultEntry> tasks = waitForTask(dlqArn);
        assertEquals("COMPLETED", tasks.get(0).status());
        assertEquals(1L, tasks.get(0).approximateNumberOfMessagesMoved());
        assertEquals("poison", f.sqs.receiveMessage(b -> b.queueUrl(src)).messages().get(0).body());
    }

    private List<ListMessageMoveTasksResultEntry> waitForTask(String arn) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<ListMessageMoveTasksResultEntry> tasks = f.sqs.listMessageMoveTasks(b -> b.sourceArn(arn)).results();
            if (!tasks.isEmpty() && !tasks.get(0).status().equals("RUNNING") || System.nanoTime() > deadline) {
                return tasks;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void permissionsAreKeptInThePolicy() {
        String url = f.sqs.createQueue(b -> b.queueName("shared")).queueUrl();
        f.sqs.addPermission(b -> b.queueUrl(url).label("partners").awsAccountIds("111122223333").actions("SendMessage"));
        String policy = f.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY)).attributes()
                .get(QueueAttributeName.POLICY);
        assertTrue(policy.contains("\"Sid\":\"partners\"") && policy.contains("arn:aws:iam::111122223333:root")
                && policy.contains("SQS:SendMessage"), policy);
        SqsException twice = assertThrows(SqsException.class, () ->
                f.sqs.addPermission(b -> b.queueUrl(url).label("partners").awsAccountIds("111122223333").actions("SendMessage")));
        assertEquals("InvalidParameterValue", twice.awsErrorDetails().errorCode());
        f.sqs.removePermission(b -> b.queueUrl(url).label("partners"));
        String after = f.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY)).attributes()
                .get(QueueAttributeName.POLICY);
        assertFalse(after.contains("partners"), after);
        SqsException missing = assertThrows(SqsException.class, () -> f.sqs.removePermission(b -> b.queueUrl(url).label("partners")));
        assertEquals("InvalidParameterValue", missing.awsErrorDetails().errorCode());
    }
}
