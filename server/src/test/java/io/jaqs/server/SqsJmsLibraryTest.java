package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnection;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Amazon SQS JMS library (amazon-sqs-java-messaging-lib 2.1.4) pointed at the server, sending
 * and receiving through its own JMS API, and exchanging messages with a Jaqs JMS client on the
 * same core.
 */
class SqsJmsLibraryTest {
    @TempDir
    Path dir;
    String storeUrl;
    JaqsConnectionFactory jaqs;
    SqsServer server;
    SqsClient sqs;
    SQSConnection library;

    @BeforeEach
    void start() throws Exception {
        storeUrl = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        jaqs = new JaqsConnectionFactory(storeUrl);
        server = SqsServer.start(jaqs.getBroker(), ServerConfig.defaults().withPort(0).withAccessKey("lib", "secret"));
        sqs = ServerFixture.client(server.url(), "lib", "secret");
        library = new SQSConnectionFactory(new ProviderConfiguration(), sqs).createConnection();
        sqs.createQueue(b -> b.queueName("lib"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close(); // first: it answers the library's waiting long polls, so its close need not wait 20 s
        library.close();
        sqs.close();
        BrokerRegistry.shutdown(storeUrl);
    }

    @Test
    void theLibrarySendsAndReceivesThroughItsOwnJmsApi() throws Exception {
        Session session = library.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = session.createQueue("lib");
        MessageProducer producer = session.createProducer(queue);
        TextMessage text = session.createTextMessage("via the library");
        text.setIntProperty("attempt", 3);
        text.setBooleanProperty("urgent", true);
        text.setStringProperty("who", "library");
        producer.send(text);
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(new byte[]{5, 6, 7});
        producer.send(bytes);

        library.start();
        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage t = assertInstanceOf(TextMessage.class, consumer.receive(10_000));
        assertEquals("via the library", t.getText());
        assertEquals(3, t.getIntProperty("attempt"));
        assertEquals(true, t.getBooleanProperty("urgent"));
        assertEquals("library", t.getStringProperty("who"));
        t.acknowledge();
        BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
        byte[] body = new byte[3];
        assertEquals(3, b.readBytes(body));
        assertArrayEquals(new byte[]{5, 6, 7}, body);
        b.acknowledge();
        assertNull(consumer.receive(500));
    }

    @Test
    void theLibraryAndJaqsJmsReadEachOthersMessages() throws Exception {
        Session session = library.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = session.createQueue("lib");
        TextMessage fromLibrary = session.createTextMessage("library → Jaqs");
        fromLibrary.setLongProperty("n", 1L << 33);
        fromLibrary.setDoubleProperty("x", 0.75);
        session.createProducer(queue).send(fromLibrary);
        BytesMessage bytesFromLibrary = session.createBytesMessage();
        bytesFromLibrary.writeBytes(new byte[]{1, 0, (byte) 254});
        session.createProducer(queue).send(bytesFromLibrary);

        try (JMSContext ctx = jaqs.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            var consumer = ctx.createConsumer(ctx.createQueue("lib"));
            TextMessage t = assertInstanceOf(TextMessage.class, consumer.receive(10_000));
            assertEquals("library → Jaqs", t.getText());
            assertEquals(1L << 33, t.getLongProperty("n"));
            assertEquals(0.75, t.getDoubleProperty("x"));
            BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
            byte[] body = new byte[3];
            b.readBytes(body);
            assertArrayEquals(new byte[]{1, 0, (byte) 254}, body);
            b.acknowledge();

            TextMessage fromJaqs = ctx.createTextMessage("Jaqs → library");
            fromJaqs.setShortProperty("s", (short) 12);
            ctx.createProducer().send(ctx.createQueue("lib"), fromJaqs);
            BytesMessage bytesFromJaqs = ctx.createBytesMessage();
            bytesFromJaqs.writeBytes(new byte[]{42, (byte) 128});
            ctx.createProducer().send(ctx.createQueue("lib"), bytesFromJaqs);
        }
        library.start();
        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage t = assertInstanceOf(TextMessage.class, consumer.receive(10_000));
        assertEquals("Jaqs → library", t.getText());
        assertEquals((short) 12, t.getShortProperty("s"));
        BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
        byte[] body = new byte[2];
        b.readBytes(body);
        assertArrayEquals(new byte[]{42, (byte) 128}, body);
        b.acknowledge();
    }
}
