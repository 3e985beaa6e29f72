package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.AmazonSQSException;
import com.amazonaws.services.sqs.model.BatchResultErrorEntry;
import com.amazonaws.services.sqs.model.CreateQueueRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.GetQueueAttributesRequest;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.MessageAttributeValue;
import com.amazonaws.services.sqs.model.QueueDoesNotExistException;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.SendMessageBatchResult;
import com.amazonaws.services.sqs.model.SendMessageRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Query protocol (form parameters, XML answers) with the AWS SDK for Java v1 1.12.583, SigV4-signed. */
class SqsQueryProtocolTest {
    @TempDir
    Path dir;
    ServerFixture f;
    AmazonSQS v1;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir);
        v1 = AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(f.server.url(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ServerFixture.KEY_ID, ServerFixture.SECRET)))
                .build();
    }

    @AfterEach
    void stop() {
        v1.shutdown();
        f.close();
    }

    @Test
    void mainFlowsOverQuery() {
        String url = v1.createQueue(new CreateQueueRequest("legacy").withAttributes(Map.of("VisibilityTimeout", "40"))
                .withTags(Map.of("team", "ops"))).getQueueUrl();
        assertEquals(f.server.url() + "/000000000000/legacy", url);
        assertEquals(url, v1.getQueueUrl("legacy").getQueueUrl());
        assertEquals(List.of(url), v1.listQueues("leg").getQueueUrls());
        assertEquals("40", v1.getQueueAttributes(new GetQueueAttributesRequest(url).withAttributeNames("All")).getAttributes()
                .get("VisibilityTimeout"));
        v1.setQueueAttributes(url, Map.of("DelaySeconds", "0"));
        assertEquals(Map.of("team", "ops"), v1.listQueueTags(url).getTags());

        // the v1 SDK verifies MD5OfMessageBody and MD5OfMessageAttributes too
        v1.sendMessage(new SendMessageRequest(url, "a <b> & \"c\" ✓").withMessageAttributes(Map.of(
                "s", new MessageAttributeValue().withDataType("String").withStringValue("x&y"),
                "n", new MessageAttributeValue().withDataType("Number.int").withStringValue("3"),
                "bin", new MessageAttributeValue().withDataType("Binary").withBinaryValue(ByteBuffer.wrap(new byte[]{0, 9, (byte) 250})))));
        SendMessageBatchResult batch = v1.sendMessageBatch(url, List.of(
                new SendMessageBatchRequestEntry("one", "batch 1"),
                new SendMessageBatchRequestEntry("bad", "batch 2").withDelaySeconds(1000)));
        assertEquals(1, batch.getSuccessful().size());
        BatchResultErrorEntry failed = batch.getFailed().get(0);
        assertEquals("bad", failed.getId());
        assertEquals("InvalidParameterValue", failed.getCode());

        List<Message> got = v1.receiveMessage(new ReceiveMessageRequest(url).withMaxNumberOfMessages(10)
                .withMessageAttributeNames("All").withAttributeNames("All")).getMessages();
        assertEquals(2, got.size());
        Message m = got.stream().filter(x -> x.getBody().startsWith("a <b>")).findFirst().orElseThrow();
        assertEquals("a <b> & \"c\" ✓", m.getBody());
        assertEquals("x&y", m.getMessageAttributes().get("s").getStringValue());
        assertEquals(ByteBuffer.wrap(new byte[]{0, 9, (byte) 250}), m.getMessageAttributes().get("bin").getBinaryValue());
        assertEquals("1", m.getAttributes().get("ApproximateReceiveCount"));
        assertEquals(2, v1.deleteMessageBatch(url, List.of(new DeleteMessageBatchRequestEntry("1", got.get(0).getReceiptHandle()),
                new DeleteMessageBatchRequestEntry("2", got.get(1).getReceiptHandle()))).getSuccessful().size());
        assertEquals(0, v1.receiveMessage(url).getMessages().size());
        v1.deleteQueue(url);
    }

    @Test
    void legacyErrorCodes() {
        QueueDoesNotExistException missing = assertThrows(QueueDoesNotExistException.class, () -> v1.getQueueUrl("nope"));
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", missing.getErrorCode());
        assertEquals(400, missing.getStatusCode());
        String url = v1.createQueue("errs").getQueueUrl();
        AmazonSQSException handle = assertThrows(AmazonSQSException.class, () -> v1.deleteMessage(url, "garbage"));
        assertEquals("ReceiptHandleIsInvalid", handle.getErrorCode());
        AmazonSQSException attr = assertThrows(AmazonSQSException.class, () -> v1.setQueueAttributes(url, Map.of("Bogus", "1")));
        assertEquals("InvalidAttributeName", attr.getErrorCode());
        AmazonSQS wrong = AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(f.server.url(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ServerFixture.KEY_ID, "wrong"))).build();
        try {
            AmazonSQSException sig = assertThrows(AmazonSQSException.class, () -> wrong.listQueues());
            assertEquals("SignatureDoesNotMatch", sig.getErrorCode());
            assertEquals(403, sig.getStatusCode());
        } finally {
            wrong.shutdown();
        }
        assertTrue(f.broker.listQueues("").size() == 1);
    }
}
