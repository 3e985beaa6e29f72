package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.security.Action;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix through the resource adapter in TomEE's container: users, roles and
 * permissions are the adapter's ra.xml properties; a stateless bean uses the container's pooled,
 * XA-enlisted connection factory with {@code createConnection(user, password)} /
 * {@code createContext(user, password)} inside its container transaction (so sends and receives go
 * through the XA branch, checked before they join it). For every action the adapter's handles offer
 * (send, consume, browse, createQueue, createDurableSubscription, deleteDurableSubscription), the
 * user granted it succeeds and the user granted everything else gets JMSSecurityException
 * (JMSSecurityRuntimeException from a JMSContext) naming user, action and destination, with the store
 * unchanged. Queue deletion and management have no handle operation in the adapter (they are the
 * JMS and SQS matrices' rows).
 */
public class RaPermissionMatrixTest {
    static final String PW = "pw";
    static final List<Action> RA_ACTIONS = List.of(Action.SEND, Action.CONSUME, Action.BROWSE, Action.CREATE_QUEUE,
            Action.CREATE_DURABLE_SUBSCRIPTION, Action.DELETE_DURABLE_SUBSCRIPTION);

    @RegisterExtension
    final Container container = new Container();

    private final String url = "jdbc:h2:file:" + java.nio.file.Path.of("target", "ra-" + UUID.randomUUID(), "store").toAbsolutePath();

    @Module
    public Connector jaqs() throws Exception {
        StringJoiner users = new StringJoiner(",");
        StringJoiner roles = new StringJoiner("; ");
        StringJoiner permissions = new StringJoiner("; ");
        for (Action a : Action.values()) {
            String n = a.artemisName();
            users.add("yes-" + n + ":" + PW).add("no-" + n + ":" + PW);
            roles.add("r-yes-" + n + ":yes-" + n).add("r-no-" + n + ":no-" + n);
            List<Action> yes = switch (a) {
                case CREATE_QUEUE -> List.of(a, Action.SEND);
                case CREATE_DURABLE_SUBSCRIPTION -> List.of(a, Action.CONSUME);
                default -> List.of(a);
            };
            permissions.add(names(yes) + ":#:r-yes-" + n);
            permissions.add(names(Stream.of(Action.values()).filter(x -> x != a).toList()) + ":#:r-no-" + n);
        }
        return Container.connector(url, "users", users.toString(), "roles", roles.toString(), "permissions", permissions.toString());
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("orders");
    }

    /** An MDB whose activation names a user granted consume. */
    @jakarta.ejb.MessageDriven(activationConfig = {
            @jakarta.ejb.ActivationConfigProperty(propertyName = "destination", propertyValue = "orders"),
            @jakarta.ejb.ActivationConfigProperty(propertyName = "user", propertyValue = "yes-consume"),
            @jakarta.ejb.ActivationConfigProperty(propertyName = "password", propertyValue = PW)})
    public static class AllowedMdb implements jakarta.jms.MessageListener {
        static final java.util.concurrent.BlockingQueue<String> RECEIVED = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void onMessage(jakarta.jms.Message message) {
            Beans.record(RECEIVED, message);
        }
    }

    /** An MDB whose activation names a user granted everything but consume. */
    @jakarta.ejb.MessageDriven(activationConfig = {
            @jakarta.ejb.ActivationConfigProperty(propertyName = "destination", propertyValue = "orders"),
            @jakarta.ejb.ActivationConfigProperty(propertyName = "user", propertyValue = "no-consume"),
            @jakarta.ejb.ActivationConfigProperty(propertyName = "password", propertyValue = PW)})
    public static class DeniedMdb implements jakarta.jms.MessageListener {
        @Override
        public void onMessage(jakarta.jms.Message message) {
            throw new AssertionError("never delivered");
        }
    }

    /** Inbound: the activation's user is checked for consume when its consumers start. */
    @org.junit.jupiter.api.Test
    void anActivationConsumesAsItsUser() throws Exception {
        JaqsConnectionFactory plain = new JaqsConnectionFactory(url);
        Broker raw = plain.getBroker();
        raw.createQueue("orders", Map.of());
        raw.sendMessage("orders", SendMessageRequest.builder("seed").build());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Container.deployBeans("denied", DeniedMdb.class));
        StringJoiner chain = new StringJoiner(" <- ");
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(String.valueOf(t.getMessage()));
        }
        assertTrue(chain.toString().contains("User 'no-consume' may not consume on 'orders'"), chain.toString());
        assertEquals(1, raw.approximateCounts("orders").visible(), "the denied activation took nothing");
        AllowedMdb.RECEIVED.clear();
        Container.deployBeans("allowed", AllowedMdb.class);
        assertEquals("seed", AllowedMdb.RECEIVED.poll(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static String names(List<Action> actions) {
        StringJoiner j = new StringJoiner(",");
        actions.forEach(a -> j.add(a.artemisName()));
        return j.toString();
    }

    /** Runs one action as a user in a container transaction; answers "ok ..." or the exception's class and message. */
    @Stateless
    public static class Client {
        @Resource
        private ConnectionFactory cf;

        public String act(String action, String user, boolean simplified) {
            try {
                if (simplified) {
                    try (JMSContext c = cf.createContext(user, PW)) {
                        return "ok " + context(c, Action.parse(action));
                    }
                }
                try (Connection c = cf.createConnection(user, PW)) {
                    return "ok " + classic(c, Action.parse(action));
                }
            } catch (JMSException | JMSRuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        private static String classic(Connection c, Action action) throws JMSException {
            Session s = c.createSession();
            c.start();
            switch (action) {
                case SEND -> s.createProducer(s.createQueue("orders")).send(s.createTextMessage("m"));
                case CONSUME -> {
                    return ((TextMessage) s.createConsumer(s.createQueue("orders")).receive(5000)).getText();
                }
                case BROWSE -> {
                    return String.valueOf(Collections.list(s.createBrowser(s.createQueue("orders")).getEnumeration()).size());
                }
                case CREATE_QUEUE -> s.createProducer(s.createQueue("fresh")).send(s.createTextMessage("new"));
                case CREATE_DURABLE_SUBSCRIPTION -> s.createSharedDurableConsumer(s.createTopic("prices"), "d2").close();
                case DELETE_DURABLE_SUBSCRIPTION -> s.unsubscribe("d1");
                default -> throw new IllegalArgumentException(action.toString());
            }
            return "";
        }

        private static String context(JMSContext c, Action action) {
            switch (action) {
                case SEND -> c.createProducer().send(c.createQueue("orders"), "m");
                case CONSUME -> {
                    return c.createConsumer(c.createQueue("orders")).receiveBody(String.class, 5000);
                }
                case BROWSE -> {
                    try {
                        return String.valueOf(Collections.list(c.createBrowser(c.createQueue("orders")).getEnumeration()).size());
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                }
                case CREATE_QUEUE -> c.createProducer().send(c.createQueue("fresh"), "new");
                case CREATE_DURABLE_SUBSCRIPTION -> c.createSharedDurableConsumer(c.createTopic("prices"), "d2").close();
                case DELETE_DURABLE_SUBSCRIPTION -> c.unsubscribe("d1");
                default -> throw new IllegalArgumentException(action.toString());
            }
            return "";
        }
    }

    static Stream<Arguments> matrix() {
        return RA_ACTIONS.stream().flatMap(a -> Stream.of(true, false).flatMap(allowed -> Stream.of(
                Arguments.of(a, allowed, false), Arguments.of(a, allowed, true))));
    }

    @ParameterizedTest(name = "resource adapter {0} allowed={1} JMSContext={2}")
    @MethodSource("matrix")
    void adapter(Action action, boolean allowed, boolean simplified) throws Exception {
        JaqsConnectionFactory plain = new JaqsConnectionFactory(url); // no security: the test's own view of the store
        Broker raw = plain.getBroker();
        raw.createQueue("orders", Map.of());
        raw.sendMessage("orders", SendMessageRequest.builder("seed").build());
        try (JMSContext c = plain.createContext()) {
            c.createSharedDurableConsumer(c.createTopic("prices"), "d1").close();
        }
        Container.deployBeans("app", Client.class);
        Client client = Container.bean("Client", Client.class);
        Map<String, String> before = snapshot(raw);

        String user = (allowed ? "yes-" : "no-") + action.artemisName();
        String outcome = client.act(action.artemisName(), user, simplified);
        if (allowed) {
            assertTrue(outcome.startsWith("ok"), outcome);
            switch (action) {
                case SEND -> assertEquals(2, raw.approximateCounts("orders").visible());
                case CONSUME -> {
                    assertEquals("ok seed", outcome);
                    assertEquals(0, raw.approximateCounts("orders").visible() + raw.approximateCounts("orders").notVisible());
                }
                case BROWSE -> assertEquals("ok 1", outcome);
                case CREATE_QUEUE -> assertEquals(1, raw.approximateCounts("fresh").visible());
                case CREATE_DURABLE_SUBSCRIPTION -> assertTrue(raw.listSubscriptions("prices").stream().anyMatch(s -> "d2".equals(s.name())));
                case DELETE_DURABLE_SUBSCRIPTION -> assertTrue(raw.listSubscriptions("prices").stream().noneMatch(s -> "d1".equals(s.name())));
                default -> throw new IllegalArgumentException(action.toString());
            }
            return;
        }
        String destination = switch (action) {
            case CREATE_QUEUE -> "fresh";
            case CREATE_DURABLE_SUBSCRIPTION, DELETE_DURABLE_SUBSCRIPTION -> "prices";
            default -> "orders";
        };
        assertEquals((simplified ? "JMSSecurityRuntimeException" : "JMSSecurityException") + ": User '" + user + "' may not "
                + action.artemisName() + " on '" + destination + "'", outcome);
        assertEquals(before, snapshot(raw), "a denied " + action + " changes nothing");
    }

    static Map<String, String> snapshot(Broker b) {
        Map<String, String> m = new TreeMap<>();
        for (String u : b.listQueues(null)) {
            var c = b.approximateCounts(u);
            StringJoiner bodies = new StringJoiner("|");
            for (Iterator<ReceivedMessage> it = b.browse(u, null); it.hasNext(); ) {
                bodies.add(it.next().bodyAsString());
            }
            m.put("queue " + u, c.visible() + "/" + c.notVisible() + "/" + c.delayed() + " " + bodies);
        }
        for (Subscription s : b.listSubscriptions(null)) {
            m.put("subscription " + s.topic() + "/" + s.clientId() + "/" + s.name(), s.kind() + " " + s.queueName());
        }
        return m;
    }
}
