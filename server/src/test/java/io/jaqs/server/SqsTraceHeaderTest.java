package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.MessageSystemAttributeValue;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.TraceHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue.Builder;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The {@code AWSTraceHeader} message system attribute over both protocols: stored with the message,
 * returned when a receive asks for it ({@code MessageSystemAttributeNames}, {@code AttributeNames},
 * {@code All}), never among the message attributes, outside the limit of 10 message attributes, and
 * answered with {@code MD5OfMessageSystemAttributes} computed as SQS does (the message-attribute
 * encoding applied to the system attributes; the SDKs do not check it, so this test computes it on
 * its own). Bad system attributes get {@code InvalidParameterValue} and leave the queue empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsTraceHeaderTest {
    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    @TempDir
    static Path dir;
    ServerFixture f;
    AmazonSQS v1;

    @BeforeAll
    void start() {
        f = new ServerFixture(dir);
        v1 = AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(f.server.url(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ServerFixture.KEY_ID, ServerFixture.SECRET)))
                .build();
    }

    @AfterAll
    void stop() {
        v1.shutdown();
        f.close();
    }

    /** SQS's MD5 of attributes (name, data type, transport type 1 = String, value; each length-prefixed, by name). */
    private static String md5OfStringAttributes(Map<String, String> attributes) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(attributes).entrySet()) {
            for (String part : List.of(e.getKey(), "String")) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                md.update(ByteBuffer.allocate(4).putInt(b.length).array());
                md.update(b);
            }
            md.update((byte) 1);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(4).putInt(v.length).array());
            md.update(v);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<MessageSystemAttributeNameForSends, software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue> trace(
            java.util.function.Consumer<Builder> value) {
        return Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue.builder().applyMutation(value).build());
    }

    @Test
    void theTraceHeaderIsStoredAndReturnedAsASystemAttributeWithItsMd5() throws Exception {
        String url = f.sqs.createQueue(b -> b.queueName("traced")).queueUrl();
        Map<String, MessageAttributeValue> ten = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
        }
        SendMessageResponse sent = f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello").messageAttributes(ten)
                .messageSystemAttributes(trace(v -> v.dataType("String").stringValue(TRACE))));
        assertEquals(md5OfStringAttributes(Map.of("AWSTraceHeader", TRACE)), sent.md5OfMessageSystemAttributes());
        Map<String, String> tenValues = new HashMap<>();
        ten.forEach((k, v) -> tenValues.put(k, v.stringValue()));
        assertEquals(md5OfStringAttributes(tenValues), sent.md5OfMessageAttributes(),
                "the system attribute is not among the message attributes, nor counted in their limit of 10");

        // not asked for: not returned
        Message plain = f.sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All").visibilityTimeout(0)).messages().get(0);
        assertTrue(plain.attributes().isEmpty());
        assertEquals(ten, plain.messageAttributes(), "the stored trace header is no message attribute");
        assertEquals(sent.md5OfMessageAttributes(), plain.md5OfMessageAttributes());
        // asked for by name, and with All
        Message named = f.sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)).messages().get(0);
        assertEquals(Map.of("AWSTraceHeader", TRACE), named.attributesAsStrings());
        Message all = f.sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);
        assertEquals(TRACE, all.attributesAsStrings().get("AWSTraceHeader"));
        assertEquals("3", all.attributesAsStrings().get("ApproximateReceiveCount"));

        // the core keeps it with the message, and the JMS facade's prefix hides it from JMS properties
        assertEquals(TRACE, f.broker.receiveMessage("traced", io.jaqs.broker.ReceiveMessageRequest.of(1)).get(0).awsTraceHeader());
        assertTrue(TraceHeaders.STORED_AWS_TRACE_HEADER.startsWith(io.jaqs.jms.message.JaqsMessage.JAQS_ATTRIBUTE_PREFIX));
        f.sqs.deleteQueue(b -> b.queueUrl(url));
    }

    @Test
    void batchEntriesEachGetTheirOwnMd5OfSystemAttributes() throws Exception {
        String url = f.sqs.createQueue(b -> b.queueName("traced-batch")).queueUrl();
        SendMessageBatchResponse r = f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("traced").messageBody("one").messageSystemAttributes(trace(v -> v.dataType("String").stringValue(TRACE))),
                e -> e.id("plain").messageBody("two")));
        assertEquals(List.of(), r.failed());
        Map<String, String> md5 = new HashMap<>();
        r.successful().forEach(s -> md5.put(s.id(), s.md5OfMessageSystemAttributes()));
        assertEquals(md5OfStringAttributes(Map.of("AWSTraceHeader", TRACE)), md5.get("traced"));
        assertTrue(md5.containsKey("plain"));
        assertNull(md5.get("plain"), "no system attribute sent: no MD5");
        f.sqs.deleteQueue(b -> b.queueUrl(url));
    }

    @Test
    void aJmsSendersTraceparentReachesSdkReceiversAsAnXRayHeader() {
        String url = f.sqs.createQueue(b -> b.queueName("from-jms")).queueUrl();
        f.broker.sendMessage("from-jms", SendMessageRequest.builder("traced by JMS").providerAttributeRules()
                .attribute(TraceHeaders.TRACEPARENT, io.jaqs.broker.MessageAttributeValue.string(
                        "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")).build());
        Message m = f.sqs.receiveMessage(b -> b.queueUrl(url).messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER))
                .messages().get(0);
        assertEquals(TRACE, m.attributesAsStrings().get("AWSTraceHeader"));
        f.sqs.deleteQueue(b -> b.queueUrl(url));
    }

    @Test
    void theQueryProtocolCarriesTheTraceHeaderBothWays() throws Exception {
        String url = v1.createQueue("traced-query").getQueueUrl();
        com.amazonaws.services.sqs.model.SendMessageResult sent = v1.sendMessage(new com.amazonaws.services.sqs.model.SendMessageRequest(url, "q")
                .withMessageSystemAttributes(Map.of("AWSTraceHeader", new MessageSystemAttributeValue().withDataType("String").withStringValue(TRACE))));
        assertEquals(md5OfStringAttributes(Map.of("AWSTraceHeader", TRACE)), sent.getMD5OfMessageSystemAttributes());
        com.amazonaws.services.sqs.model.Message m = v1.receiveMessage(new com.amazonaws.services.sqs.model.ReceiveMessageRequest(url)
                .withAttributeNames("AWSTraceHeader")).getMessages().get(0);
        assertEquals(Map.of("AWSTraceHeader", TRACE), m.getAttributes());
        v1.deleteQueue(url);
    }

    @Test
    void badSystemAttributesAreRefusedAndNothingIsStored() {
        String url = f.sqs.createQueue(b -> b.queueName("traced-bad")).queueUrl();
        SqsException number = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageSystemAttributes(trace(v -> v.dataType("Number").stringValue("1")))));
        assertEquals("InvalidParameterValue", number.awsErrorDetails().errorCode());
        assertTrue(number.getMessage().contains("must be of type String"), number.getMessage());
        SqsException empty = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageSystemAttributes(trace(v -> v.dataType("String").stringValue("")))));
        assertEquals("InvalidParameterValue", empty.awsErrorDetails().errorCode());
        SqsException control = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageSystemAttributes(trace(v -> v.dataType("String").stringValue("Root=1-ü\n")))));
        assertEquals("InvalidParameterValue", control.awsErrorDetails().errorCode());
        assertTrue(control.getMessage().contains("printable ASCII"), control.getMessage());
        SqsException reserved = assertThrows(SqsException.class, () -> f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageAttributes(Map.of(TraceHeaders.STORED_AWS_TRACE_HEADER,
                        MessageAttributeValue.builder().dataType("String").stringValue(TRACE).build()))));
        assertEquals("InvalidParameterValue", reserved.awsErrorDetails().errorCode());
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        // an unknown system attribute name, as a client without the SDK v2's enum sends it
        com.amazonaws.services.sqs.model.AmazonSQSException bogus = assertThrows(com.amazonaws.services.sqs.model.AmazonSQSException.class,
                () -> v1.sendMessage(new com.amazonaws.services.sqs.model.SendMessageRequest(url, "x").withMessageSystemAttributes(
                        Map.of("Bogus", new MessageSystemAttributeValue().withDataType("String").withStringValue("1")))));
        assertEquals("InvalidParameterValue", bogus.getErrorCode());
        assertTrue(bogus.getErrorMessage().contains("'Bogus'"), bogus.getErrorMessage());
        // in a batch
        SqsException binary = assertThrows(SqsException.class, () -> f.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("good").messageBody("x"),
                e -> e.id("bad").messageBody("x").messageSystemAttributes(trace(v -> v.dataType("Binary")
                        .binaryValue(software.amazon.awssdk.core.SdkBytes.fromUtf8String("z")))))));
        assertEquals("InvalidParameterValue", binary.awsErrorDetails().errorCode());
        assertEquals(0, f.broker.approximateCounts("traced-bad").visible(), "nothing stored");
        f.sqs.deleteQueue(b -> b.queueUrl(url));
    }
}
