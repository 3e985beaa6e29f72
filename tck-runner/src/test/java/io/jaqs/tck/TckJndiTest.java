package io.jaqs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Properties;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated jndi.properties gives, through Jaqs's JaqsInitialContextFactory, every object the TCK looks up. */
class TckJndiTest {
    @TempDir
    Path dir;

    @Test
    void everyNameTheTckLooksUpIsBound() throws Exception {
        Path file = dir.resolve("jndi.properties");
        TckJndi.write(file, TckJndi.environment("jdbc:h2:mem:tck-jndi-test"));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        assertEquals("j2ee:j2ee", p.getProperty("connectionFactory.MyConnectionFactory.users"));
        Context ctx = new InitialContext(new Hashtable<>(p));
        try {
            for (String cf : TckJndi.CONNECTION_FACTORIES) {
                Object o = ctx.lookup(cf);
                assertTrue(o instanceof ConnectionFactory && o instanceof QueueConnectionFactory && o instanceof TopicConnectionFactory, cf);
            }
            for (String q : TckJndi.QUEUES) {
                assertEquals(q, ((Queue) ctx.lookup(q)).getQueueName());
            }
            for (String t : TckJndi.TOPICS) {
                assertEquals(t, ((Topic) ctx.lookup(t)).getTopicName());
            }
            ConnectionFactory durable = (ConnectionFactory) ctx.lookup(TckJndi.DURABLE_FACTORY);
            try (var c = durable.createConnection(TckJndi.USER, TckJndi.PASSWORD)) {
                assertEquals(TckJndi.DURABLE_CLIENT_ID, c.getClientID());
            }
            ConnectionFactory cf = (ConnectionFactory) ctx.lookup("MyConnectionFactory");
            cf.createConnection().close(); // no arguments: the configured default user
            assertThrows(JMSSecurityException.class, () -> cf.createConnection("invalid", "invalid"));
        } finally {
            ctx.close();
        }
    }
}
