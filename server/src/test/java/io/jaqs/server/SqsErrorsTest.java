package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/** Bad requests get SQS's error code, status and shape, and change nothing. */
class SqsErrorsTest {
    @TempDir
    Path dir;
    ServerFixture f;
    String url;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir);
        url = f.sqs.createQueue(b -> b.queueName("q")).queueUrl();
        f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("kept"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** The store still holds exactly the one message, visible, and only queue q. */
    private void storeUnchanged() {
        assertEquals(List.of(url.substring(url.lastIndexOf('/') + 1)), f.broker.listQueues("").stream()
                .map(u -> u.substring(u.lastIndexOf('/') + 1)).toList());
        assertEquals(1, f.broker.approximateCounts("q").visible());
        assertEquals(0, f.broker.approximateCounts("q").notVisible());
    }

    @Test
    void sdkExceptionsCarrySqsCodes() {
        String other = f.sqs.createQueue(b -> b.queueName("other")).queueUrl();
        f.sqs.sendMessage(b -> b.queueUrl(other).messageBody("x"));
        String otherHandle = f.sqs.receiveMessage(b -> b.queueUrl(other)).messages().get(0).receiptHandle();

        List<SendMessageBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build());
        }
        TooManyEntriesInBatchRequestException tooMany = assertThrows(TooManyEntriesInBatchRequestException.class,
                () -> f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(eleven)));
        assertEquals("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", tooMany.awsErrorDetails().errorCode());
        BatchEntryIdsNotDistinctException dup = assertThrows(BatchEntryIdsNotDistinctException.class,
                () -> f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("a").messageBody("1"), e -> e.id("a").messageBody("2"))));
        assertEquals("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", dup.awsErrorDetails().errorCode());
        assertThrows(EmptyBatchRequestException.class, () -> f.sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(List.of())));

        InvalidAttributeNameException name = assertThrows(InvalidAttributeNameException.class,
                () -> f.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Bogus")));
        assertEquals("InvalidAttributeName", name.awsErrorDetails().errorCode());
        assertThrows(InvalidAttributeNameException.class,
                () -> f.sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Bogus", "1"))));
        InvalidAttributeValueException value = assertThrows(InvalidAttributeValueException.class,
                () -> f.sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "43201"))));
        assertEquals("InvalidAttributeValue", value.awsErrorDetails().errorCode());

        ReceiptHandleIsInvalidException garbage = assertThrows(ReceiptHandleIsInvalidException.class,
                () -> f.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("garbage")));
        assertEquals("ReceiptHandleIsInvalid", garbage.awsErrorDetails().errorCode());
        assertThrows(ReceiptHandleIsInvalidException.class, () -> f.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(otherHandle)),
                "a handle of another queue");
        assertThrows(ReceiptHandleIsInvalidException.class,
                () -> f.sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(otherHandle).visibilityTimeout(0)));

        SqsException tooLong = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1_048_577))));
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.awsErrorDetails().errorCode().startsWith("InvalidParameterValue"), tooLong.awsErrorDetails().errorCode());
        SqsException badType = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageAttributes(Map.of("a", MessageAttributeValue.builder().dataType("Blob").binaryValue(SdkBytes.fromUtf8String("z")).build()))));
        assertEquals("InvalidParameterValue", badType.awsErrorDetails().errorCode());
        SqsException delay = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(901)));
        assertEquals("InvalidParameterValue", delay.awsErrorDetails().errorCode());
        SqsException wait = assertThrows(SqsException.class, () -> f.sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)));
        assertEquals("InvalidParameterValue", wait.awsErrorDetails().errorCode());
        SqsException badName = assertThrows(SqsException.class, () -> f.sqs.createQueue(b -> b.queueName("no spaces")));
        assertEquals("InvalidParameterValue", badName.awsErrorDetails().errorCode());

        f.sqs.deleteQueue(b -> b.queueUrl(other));
        storeUnchanged();
    }

    @Test
    void signatureFailures() throws Exception {
        try (SqsClient wrongSecret = f.client(ServerFixture.KEY_ID, "not-the-secret");
             SqsClient unknownKey = f.client("nobody", "whatever")) {
            SqsException e = assertThrows(SqsException.class, () -> wrongSecret.listQueues());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            SqsException unknown = assertThrows(SqsException.class, () -> unknownKey.sendMessage(b -> b.queueUrl(url).messageBody("no")));
            assertEquals("InvalidClientTokenId", unknown.awsErrorDetails().errorCode());
        }
        HttpResponse<String> unsigned = f.raw("AmazonSQS.ListQueues", "{}");
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationToken;Sender", unsigned.headers().firstValue("x-amzn-query-error").orElseThrow());

        // servers whose clocks are 20 and 14 minutes ahead of the client's: 15 minutes are allowed
        assertEquals("RequestTimeTooSkewed", skewedCall(Duration.ofMinutes(20)));
        assertEquals("ok", skewedCall(Duration.ofMinutes(14)));
        storeUnchanged();
    }

    @Test
    void wireLevelErrors() throws Exception {
        try (ServerFixture open = new ServerFixture(dir.resolve("open"), ServerConfig.defaults().withPort(0).withOpen(true))) {
            open.sqs.createQueue(b -> b.queueName("q"));
            HttpResponse<String> missing = open.raw("AmazonSQS.GetQueueUrl", "{\"QueueName\":\"nope\"}");
            assertError(missing, 400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue;Sender");
            assertNotNull(missing.headers().firstValue("x-amzn-RequestId").orElse(null));
            assertEquals("application/x-amz-json-1.0", missing.headers().firstValue("Content-Type").orElseThrow());

            assertError(open.raw("AmazonSQS.CreateQueue", "{\"QueueName\":"), 400, "com.amazon.coral.service#SerializationException", null);
            assertError(open.raw("AmazonSQS.CreateQueue", "[1,2]"), 400, "com.amazon.coral.service#SerializationException", null);
            assertError(open.raw("AmazonSQS.CreateQueue", "{\"QueueName\":5}"), 400, "com.amazon.coral.service#SerializationException", null);
            assertError(open.raw("AmazonSQS.CreateQueue", "{\"QueueName\":\"a\",\"QueueName\":\"b\"}"), 400,
                    "com.amazon.coral.service#SerializationException", null);
            byte[] badUtf8 = "{\"QueueName\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
            assertError(open.raw("AmazonSQS.CreateQueue", "application/x-amz-json-1.0", badUtf8), 400,
                    "com.amazon.coral.service#SerializationException", null);
            assertError(open.raw("AmazonSQS.CreateQueue", "{}"), 400, "com.amazonaws.sqs#MissingParameter", "MissingParameter;Sender");
            assertError(open.raw("AmazonSQS.Explode", "{}"), 400, "com.amazon.coral.service#UnknownOperationException", "InvalidAction;Sender");
            assertError(open.raw(null, "{}"), 400, "com.amazon.coral.service#UnknownOperationException", null);
            assertError(open.raw("AmazonSQS.ListQueues", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 400,
                    "com.amazon.coral.service#UnknownOperationException", null);
            byte[] huge = new byte[ServerConfig.MAX_REQUEST_BYTES + 10];
            java.util.Arrays.fill(huge, (byte) ' ');
            assertEquals(413, open.raw("AmazonSQS.ListQueues", "application/x-amz-json-1.0", huge).statusCode());
            assertEquals(List.of("q"), open.broker.listQueues("").stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toList());
        }
        storeUnchanged();
    }

    private String skewedCall(Duration ahead) {
        Clock clock = Clock.offset(Clock.systemUTC(), ahead);
        try (SqsServer skewed = SqsServer.start(f.broker, ServerConfig.defaults().withPort(0)
                .withAccessKey(ServerFixture.KEY_ID, ServerFixture.SECRET), clock);
             SqsClient client = ServerFixture.client(skewed.url(), ServerFixture.KEY_ID, ServerFixture.SECRET)) {
            client.listQueues();
            return "ok";
        } catch (SqsException e) {
            assertEquals(403, e.statusCode());
            return e.awsErrorDetails().errorCode();
        }
    }

    static void assertError(HttpResponse<String> r, int status, String type, String queryError) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = Json.createReader(new StringReader(r.body())).readObject();
        assertEquals(type, body.getString("__type"), r.body());
        assertTrue(!body.getString("message").isEmpty());
        String header = r.headers().firstValue("x-amzn-query-error").orElseThrow();
        if (queryError != null) {
            assertEquals(queryError, header);
        }
        assertTrue(header.endsWith(";Sender"), header);
    }
}
