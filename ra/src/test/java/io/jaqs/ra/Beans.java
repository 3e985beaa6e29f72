package io.jaqs.ra;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The application deployed in the container: a sender EJB over the outbound connection factory, and MDBs. */
final class Beans {
    /** What the recording MDBs do with a message: keep its text, in order of delivery. */
    static void record(BlockingQueue<String> received, Message message) {
        try {
            received.add(((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private Beans() {
    }

    /** Container-managed transactions (REQUIRED): its sends are part of the caller's transaction. */
    @Stateless
    public static class Sender {
        @Resource
        private ConnectionFactory cf;
        @Resource
        private SessionContext ctx;

        public void send(String queue, String... texts) throws JMSException {
            try (Connection c = cf.createConnection()) {
                // arguments ignored in a transaction (JMS 3.1, 12.3): still part of the JTA transaction
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                var p = s.createProducer(s.createQueue(queue));
                for (String t : texts) {
                    p.send(s.createTextMessage(t));
                }
            }
        }

        public void publish(String topic, String... texts) throws JMSException {
            try (Connection c = cf.createConnection()) {
                Session s = c.createSession();
                var p = s.createProducer(s.createTopic(topic));
                for (String t : texts) {
                    p.send(s.createTextMessage(t));
                }
            }
        }

        public String clientId() throws JMSException {
            try (Connection c = cf.createConnection()) {
                return c.getClientID();
            }
        }

        public void sendThenRollback(String queue, String text) throws JMSException {
            send(queue, text);
            ctx.setRollbackOnly();
        }

        public void sendWithContext(String queue, String text, boolean rollback) {
            try (JMSContext jc = cf.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                jc.createProducer().send(jc.createQueue(queue), text);
            }
            if (rollback) {
                ctx.setRollbackOnly();
            }
        }

        /** What each call that a container forbids does: the exception's simple class name, or "allowed". */
        public Map<String, String> containerRules() throws JMSException {
            Map<String, String> r = new LinkedHashMap<>();
            try (Connection c = cf.createConnection()) {
                r.put("Connection.setClientID", outcome(() -> c.setClientID("x")));
                r.put("Connection.setExceptionListener", outcome(() -> c.setExceptionListener(e -> { })));
                r.put("Connection.stop", outcome(c::stop));
                r.put("Connection.start", outcome(c::start));
                Session s = c.createSession();
                r.put("Session.setMessageListener", outcome(() -> s.setMessageListener(m -> { })));
                r.put("second Connection.createSession", outcome(() -> c.createSession()));
                MessageConsumer consumer = s.createConsumer(s.createQueue("rules"));
                r.put("MessageConsumer.setMessageListener", outcome(() -> consumer.setMessageListener(m -> { })));
                r.put("MessageConsumer.receiveNoWait", outcome(consumer::receiveNoWait));
            }
            try (JMSContext jc = cf.createContext()) {
                r.put("JMSContext.setClientID", outcome(() -> jc.setClientID("x")));
                r.put("JMSContext.stop", outcome(jc::stop));
                r.put("JMSContext.createContext", outcome(() -> jc.createContext(JMSContext.AUTO_ACKNOWLEDGE)));
                jakarta.jms.JMSConsumer consumer = jc.createConsumer(jc.createQueue("rules"));
                r.put("JMSConsumer.setMessageListener", outcome(() -> consumer.setMessageListener(m -> { })));
                r.put("JMSConsumer.receiveNoWait", outcome(consumer::receiveNoWait));
            }
            return r;
        }

        /** Receives one message in this (REQUIRED) transaction, then rolls back: it must stay in the queue. */
        public String receiveThenRollback(String queue) throws JMSException {
            try (Connection c = cf.createConnection()) {
                c.start();
                Session s = c.createSession();
                MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
                Message m = consumer.receive(10_000);
                ctx.setRollbackOnly();
                return m == null ? null : ((TextMessage) m).getText();
            }
        }

        interface Call {
            void run() throws Exception;
        }

        private static String outcome(Call call) {
            try {
                call.run();
                return "allowed";
            } catch (Exception e) {
                return e.getClass().getSimpleName();
            }
        }
    }

    /** Sends to a queue it got as a container resource: the adapter's queue admin object bound as "adminQueue". */
    @Stateless
    public static class AdminObjectSender {
        @Resource(name = "adminQueue")
        private jakarta.jms.Queue queue;
        @Resource
        private ConnectionFactory cf;

        public String destinationClass() {
            return queue.getClass().getName();
        }

        public void send(String text) {
            try (JMSContext jc = cf.createContext()) {
                jc.createProducer().send(queue, text);
            }
        }
    }

    /** Records every message of queue "adminq" (the queue the admin object names). */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "adminq"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1")})
    public static class AdminQueueMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            try {
                RECEIVED.add(((TextMessage) message).getText() + " from " + message.getJMSDestination());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A durable subscription "audit" of topic "news", client id "audit-client". */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "news"),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
            @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
            @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = "audit"),
            @ActivationConfigProperty(propertyName = "clientId", propertyValue = "audit-client")})
    public static class DurableNewsMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            record(RECEIVED, message);
        }
    }

    /** A shared (non-durable) subscription "workers" of topic "news", two consumers sharing its messages. */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "news"),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
            @ActivationConfigProperty(propertyName = "shared", propertyValue = "true"),
            @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = "workers"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
    public static class SharedNewsMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            record(RECEIVED, message);
        }
    }

    /** A transacted (REQUIRED) MDB on queue "idle" that checks for shutdown every 100 ms. */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "idle"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1"),
            @ActivationConfigProperty(propertyName = "receiveTimeout", propertyValue = "100")})
    public static class IdleMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            record(RECEIVED, message);
        }
    }

    /** Records every message of queue "recovered". */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "recovered"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
    public static class RecoveredMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            record(RECEIVED, message);
        }
    }

    /** Records every message of queue "orders". */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "orders"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
    public static class OrdersMdb implements MessageListener {
        static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            record(RECEIVED, message);
        }
    }

    /**
     * Throws on a message's first delivery (an AssertionError for texts starting "error"): the
     * container rolls back, the message comes again.
     */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "flaky"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1")})
    public static class FlakyMdb implements MessageListener {
        static final BlockingQueue<String> DELIVERIES = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            try {
                int count = message.getIntProperty("JMSXDeliveryCount");
                DELIVERIES.add(((TextMessage) message).getText() + "#" + count + (message.getJMSRedelivered() ? " redelivered" : ""));
                if (count == 1 && ((TextMessage) message).getText().startsWith("error")) {
                    throw new AssertionError("an Error on its first delivery");
                }
                if (count == 1) {
                    throw new IllegalStateException("fails on its first delivery");
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Holds its first delivery until the test lets it go. */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "hold"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1")})
    public static class HoldingMdb implements MessageListener {
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final BlockingQueue<String> DONE = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            try {
                entered.countDown();
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the delivery");
                }
                DONE.add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
