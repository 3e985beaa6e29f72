package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QueueBrowser, temporary queues, QueueRequestor and the JMS 1.1 Queue* interfaces. */
class BrowserAndTemporaryQueueTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("browse");

    List<String> browse(QueueBrowser b) throws JMSException {
        List<String> out = new ArrayList<>();
        for (Object o : Collections.list(b.getEnumeration())) {
            out.add(text((Message) o));
        }
        return out;
    }

    @Test
    void aBrowserReadsWithoutConsumingAndHonoursItsSelector() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        for (String color : List.of("red", "blue", "red")) {
            TextMessage m = s.createTextMessage(color);
            m.setStringProperty("color", color);
            p.send(m);
        }
        QueueBrowser all = s.createBrowser(q);
        assertEquals(q, all.getQueue());
        assertEquals(List.of("red", "blue", "red"), browse(all));
        assertEquals(List.of("red", "blue", "red"), browse(all), "browsing twice sees the same");
        QueueBrowser reds = s.createBrowser(q, "color = 'red'");
        assertEquals("color = 'red'", reds.getMessageSelector());
        assertEquals(List.of("red", "red"), browse(reds));

        List<Message> taken = takeAll(q);
        assertEquals(List.of("red", "blue", "red"), texts(taken), "browsing consumed nothing");
        assertEquals(1, taken.get(0).getIntProperty("JMSXDeliveryCount"), "browsing is not a receive");
        assertEquals(List.of(), browse(all));
        all.close();
        assertThrows(jakarta.jms.IllegalStateException.class, all::getEnumeration);
        assertThrows(InvalidSelectorException.class, () -> s.createBrowser(q, "color = = 'red'"));
    }

    @Test
    void aBrowserDoesNotShowMessagesInFlight() throws Exception {
        factory.setPrefetch(1);
        sendTexts(q, "taken", "waiting");
        Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertEquals("taken", receiveText(s.createConsumer(q)));
        assertEquals(List.of("waiting"), browse(s.createBrowser(q)));
    }

    @Test
    void aTemporaryQueueBelongsToItsConnectionAndDiesWithIt() throws Exception {
        Connection owner = connection();
        Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue tmp = s.createTemporaryQueue();
        s.createProducer(tmp).send(s.createTextMessage("to myself"));

        Connection other = connection();
        Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> os.createConsumer(tmp));
        assertTrue(e.getMessage().contains("another connection"), e.getMessage());
        os.createProducer(tmp).send(os.createTextMessage("from another connection")); // sending is allowed

        MessageConsumer mine = s.createConsumer(tmp);
        assertEquals("to myself", receiveText(mine));
        assertEquals("from another connection", receiveText(mine));
        JMSException busy = assertThrows(JMSException.class, tmp::delete, "a consumer is still open on it");
        assertTrue(busy.getMessage().contains("consumers"), busy.getMessage());

        owner.close();
        assertThrows(InvalidDestinationException.class, () -> os.createProducer(tmp).send(os.createTextMessage("too late")),
                "the queue was deleted with its connection");
        assertTrue(factory.getBroker().listQueues(tmp.getQueueName()).isEmpty());
    }

    @Test
    void aDeletedTemporaryQueueIsGone() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue tmp = s.createTemporaryQueue();
        tmp.delete();
        assertThrows(InvalidDestinationException.class, () -> s.createProducer(tmp).send(s.createTextMessage("x")));
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(tmp));
    }

    @Test
    void queueRequestorRoundTripOverATemporaryQueue() throws Exception {
        Queue service = new JaqsQueue("upper");
        Connection server = connection();
        Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer replies = ss.createProducer(null);
        ss.createConsumer(service).setMessageListener(request -> {
            try {
                TextMessage reply = ss.createTextMessage(text(request).toUpperCase());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });

        QueueConnection client = track(((QueueConnectionFactory) factory).createQueueConnection());
        client.start();
        QueueSession cs = client.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueRequestor requestor = new QueueRequestor(cs, service);
        TextMessage request = cs.createTextMessage("hello");
        Message reply = requestor.request(request);
        assertEquals("HELLO", text(reply));
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
        assertTrue(request.getJMSReplyTo() instanceof TemporaryQueue);
        assertEquals("AGAIN", text(requestor.request(cs.createTextMessage("again"))));
        requestor.close();
    }

    @Test
    void jms11QueueInterfaces() throws Exception {
        QueueConnectionFactory qcf = factory;
        QueueConnection qc = track(qcf.createQueueConnection());
        QueueSession qs = qc.createQueueSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = qs.createQueue("legacy");
        QueueSender sender = qs.createSender(queue);
        assertEquals(queue, sender.getQueue());
        sender.send(qs.createTextMessage("old school"));
        sender.send(qs.createTextMessage("second"));
        QueueReceiver receiver = qs.createReceiver(queue, "JMSPriority = 4");
        assertEquals(queue, receiver.getQueue());
        assertEquals("JMSPriority = 4", receiver.getMessageSelector());
        qc.start();
        Message m = receiver.receive(WAIT_MS);
        assertEquals("old school", text(m));
        assertEquals("second", receiveText(receiver));
        m.acknowledge();
        QueueSender anonymous = qs.createSender(null);
        anonymous.send(queue, qs.createTextMessage("anonymous"));
        assertEquals("anonymous", receiveText(receiver));
        assertNotNull(qs.createBrowser(queue));
        qc.close();
    }
}
