package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A JMS application and an AWS SDK client on one broker core: the server started in the
 * application's JVM next to its JaqsConnectionFactory, messages crossing each way with properties
 * of every type, mapped as the Amazon SQS JMS library maps them.
 */
class SqsJmsInteropTest {
    @TempDir
    Path dir;
    String storeUrl;
    JaqsConnectionFactory cf;
    SqsServer server;
    SqsClient sqs;

    @BeforeEach
    void start() throws Exception {
        storeUrl = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        cf = new JaqsConnectionFactory(storeUrl);
        server = SqsServer.start(cf.getBroker(), ServerConfig.defaults().withPort(0).withAccessKey("app", "secret"));
        sqs = ServerFixture.client(server.url(), "app", "secret");
    }

    @AfterEach
    void stop() {
        sqs.close();
        server.close();
        BrokerRegistry.shutdown(storeUrl);
    }

    @Test
    void jmsToSdk() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("to-sdk")).queueUrl();
        String textId;
        String bytesId;
        try (JMSContext ctx = cf.createContext()) {
            TextMessage t = ctx.createTextMessage("from JMS");
            t.setStringProperty("s", "text ✓");
            t.setBooleanProperty("yes", true);
            t.setByteProperty("b", (byte) -7);
            t.setShortProperty("sh", (short) 300);
            t.setIntProperty("i", 42);
            t.setLongProperty("l", 1L << 40);
            t.setFloatProperty("f", 1.5f);
            t.setDoubleProperty("d", 0.1);
            t.setJMSCorrelationID("corr-1");
            ctx.createProducer().send(ctx.createQueue("to-sdk"), t);
            textId = t.getJMSMessageID();
            BytesMessage bytes = ctx.createBytesMessage();
            bytes.writeBytes(new byte[]{1, 2, 3, (byte) 255});
            ctx.createProducer().send(ctx.createQueue("to-sdk"), bytes);
            bytesId = bytes.getJMSMessageID();
        }
        var received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages(); // the SDK verifies every MD5
        assertEquals(2, received.size());
        var text = received.stream().filter(m -> ("ID:" + m.messageId()).equals(textId)).findFirst().orElseThrow();
        assertEquals("from JMS", text.body());
        Map<String, MessageAttributeValue> a = text.messageAttributes();
        assertEquals(attr("String", "text ✓"), a.get("s"));
        assertEquals(attr("Number.Boolean", "1"), a.get("yes"));
        assertEquals(attr("Number.byte", "-7"), a.get("b"));
        assertEquals(attr("Number.short", "300"), a.get("sh"));
        assertEquals(attr("Number.int", "42"), a.get("i"));
        assertEquals(attr("Number.long", Long.toString(1L << 40)), a.get("l"));
        assertEquals(attr("Number.float", "1.5"), a.get("f"));
        assertEquals(attr("Number.double", "0.1"), a.get("d"));
        assertEquals(attr("String", "corr-1"), a.get("JMSCorrelationID"));

        var bytes = received.stream().filter(m -> ("ID:" + m.messageId()).equals(bytesId)).findFirst().orElseThrow();
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, (byte) 255}), bytes.body(), "bytes go out in Base64");
        assertEquals(attr("String", "byte"), bytes.messageAttributes().get("JMS_SQSMessageType"));
    }

    @Test
    void sdkToJms() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("to-jms.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String textId = sqs.sendMessage(b -> b.queueUrl(url).messageBody("from the SDK").messageGroupId("customer-7")
                .messageDeduplicationId("order-1").messageAttributes(Map.of(
                        "s", attr("String", "value"),
                        "n", attr("Number", "12"),
                        "i", attr("Number.int", "-3"),
                        "l", attr("Number.long", "9000000000"),
                        "d", attr("Number.double", "2.5"),
                        "flag", attr("Number.Boolean", "1"),
                        "raw", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[]{9})).build())))
                .messageId();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(Base64.getEncoder().encodeToString(new byte[]{0, (byte) 200}))
                .messageGroupId("customer-7").messageDeduplicationId("order-2")
                .messageAttributes(Map.of("JMS_SQSMessageType", attr("String", "byte"))));
        // the SDK receives the first one and lets it go: JMS then sees its second delivery
        String handle = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0).receiptHandle();
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(0));

        try (JMSContext ctx = cf.createContext(JMSContext.CLIENT_ACKNOWLEDGE); JMSConsumer consumer = ctx.createConsumer(ctx.createQueue("to-jms.fifo"))) {
            Message m = consumer.receive(10_000);
            TextMessage t = assertInstanceOf(TextMessage.class, m);
            assertEquals("from the SDK", t.getText());
            assertEquals("ID:" + textId, t.getJMSMessageID());
            assertEquals("value", t.getStringProperty("s"));
            assertEquals(12, t.getIntProperty("n"));
            assertEquals(-3, t.getIntProperty("i"));
            assertEquals(9_000_000_000L, t.getLongProperty("l"));
            assertEquals(2.5, t.getDoubleProperty("d"));
            assertTrue(t.getBooleanProperty("flag"));
            assertFalse(t.propertyExists("raw"), "Binary attributes are not JMS properties");
            assertEquals("customer-7", t.getStringProperty("JMSXGroupID"));
            assertEquals("order-1", t.getStringProperty("JMS_SQS_DeduplicationId"));
            assertEquals(2, t.getIntProperty("JMSXDeliveryCount"));
            assertTrue(t.getJMSRedelivered());
            t.acknowledge(); // FIFO: the group's next message comes once this one is deleted

            BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
            byte[] body = new byte[(int) b.getBodyLength()];
            b.readBytes(body);
            assertArrayEquals(new byte[]{0, (byte) 200}, body);
            b.acknowledge();
        }
        assertEquals(0, sqs.receiveMessage(b -> b.queueUrl(url)).messages().size(), "JMS acknowledged both");
    }

    private static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }
}
