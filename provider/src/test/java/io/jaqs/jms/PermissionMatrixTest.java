package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.security.Action;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix for the JMS facade, classic API and JMSContext: for every action, a user
 * granted it (and only what the action needs besides) succeeds, and a user granted every other
 * action on every destination is refused with JMSSecurityException / JMSSecurityRuntimeException
 * (or, on the connection's admin view of the broker, ACCESS_DENIED) naming the user, the action and
 * the destination, with the store unchanged (queues, counts, bodies, subscriptions).
 */
public class PermissionMatrixTest extends JmsTestSupport {
    public static final String PW = "pw";

    /** users yes-<action> (granted the action) and no-<action> (granted everything else), and admin. */
    public static String users() {
        StringJoiner j = new StringJoiner(",");
        j.add("admin:" + PW);
        for (Action a : Action.values()) {
            j.add("yes-" + a.artemisName() + ":" + PW).add("no-" + a.artemisName() + ":" + PW);
        }
        return j.toString();
    }

    public static String roles() {
        StringJoiner j = new StringJoiner("; ");
        j.add("admins:admin");
        for (Action a : Action.values()) {
            j.add("r-yes-" + a.artemisName() + ":yes-" + a.artemisName()).add("r-no-" + a.artemisName() + ":no-" + a.artemisName());
        }
        return j.toString();
    }

    public static String permissions() {
        StringJoiner j = new StringJoiner("; ");
        j.add(actions(List.of(Action.values())) + ":#:admins");
        for (Action a : Action.values()) {
            List<Action> yes = switch (a) {
                case CREATE_QUEUE -> List.of(a, Action.SEND); // JMS creates a queue on its first send
                case CREATE_DURABLE_SUBSCRIPTION -> List.of(a, Action.CONSUME); // and consumes from it
                default -> List.of(a);
            };
            j.add(actions(yes) + ":#:r-yes-" + a.artemisName());
            j.add(actions(Stream.of(Action.values()).filter(x -> x != a).toList()) + ":#:r-no-" + a.artemisName());
        }
        return j.toString();
    }

    private static String actions(List<Action> actions) {
        StringJoiner j = new StringJoiner(",");
        actions.forEach(a -> j.add(a.artemisName()));
        return j.toString();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Action.values()).flatMap(a -> Stream.of(Arguments.of(a, true), Arguments.of(a, false)));
    }

    @BeforeEach
    void secure() throws Exception {
        factory.setUsers(users());
        factory.setRoles(roles());
        factory.setPermissions(permissions());
        Broker b = factory.getBroker();
        b.createQueue("orders", Map.of());
        b.sendMessage("orders", SendMessageRequest.builder("seed").build());
        try (Connection admin = factory.createConnection("admin", PW)) {
            admin.setClientID("c1");
            Session s = admin.createSession();
            s.createDurableConsumer(s.createTopic("prices"), "d1").close();
        }
    }

    /** What an operator would see in the store: queues, their counts and bodies, subscriptions. */
    Map<String, String> snapshot() throws Exception {
        Broker b = factory.getBroker();
        Map<String, String> m = new TreeMap<>();
        for (String url : b.listQueues(null)) {
            var c = b.approximateCounts(url);
            StringJoiner bodies = new StringJoiner("|");
            for (Iterator<ReceivedMessage> it = b.browse(url, null); it.hasNext(); ) {
                bodies.add(it.next().bodyAsString());
            }
            m.put("queue " + url, c.visible() + "/" + c.notVisible() + "/" + c.delayed() + " " + bodies);
        }
        for (Subscription s : b.listSubscriptions(null)) {
            m.put("subscription " + s.topic() + "/" + s.clientId() + "/" + s.name(), s.kind() + " " + s.queueName());
        }
        return m;
    }

    private static String clientId(Action a) {
        return a == Action.CREATE_DURABLE_SUBSCRIPTION ? "c2" : a == Action.DELETE_DURABLE_SUBSCRIPTION ? "c1" : null;
    }

    private static String user(Action a, boolean allowed) {
        return (allowed ? "yes-" : "no-") + a.artemisName();
    }

    /** The destination each action is checked on in the scenarios. */
    private static String destination(Action a) {
        return switch (a) {
            case CREATE_QUEUE -> "fresh";
            case CREATE_DURABLE_SUBSCRIPTION, DELETE_DURABLE_SUBSCRIPTION -> "prices";
            default -> "orders";
        };
    }

    private static void assertNames(String message, Action a, boolean allowed) {
        String user = user(a, allowed);
        assertTrue(message.contains("'" + user + "'") && message.contains(a.artemisName()) && message.contains("'" + destination(a) + "'"),
                "names user, action and destination: " + message);
    }

    // ---------------------------------------------------------------- classic API

    @ParameterizedTest(name = "classic {0} allowed={1}")
    @MethodSource("matrix")
    void classic(Action action, boolean allowed) throws Exception {
        Map<String, String> before = snapshot();
        String user = user(action, allowed);
        Connection c = connection(user);
        String clientId = clientId(action);
        if (clientId != null) {
            c.setClientID(clientId); // right after the connection is made, as JMS wants
        }
        Session s = c.createSession();
        Queue orders = s.createQueue("orders");
        Topic prices = s.createTopic("prices");
        Broker view = ((JaqsConnection) c).getBroker();
        ThrowingRunnable act = switch (action) {
            case SEND -> () -> s.createProducer(orders).send(s.createTextMessage("m"));
            case CONSUME -> () -> {
                MessageConsumer mc = s.createConsumer(orders);
                c.start();
                TextMessage m = (TextMessage) mc.receive(WAIT_MS);
                assertNotNull(m);
                assertEquals("seed", m.getText());
            };
            case BROWSE -> () -> {
                QueueBrowser qb = s.createBrowser(orders);
                assertEquals(1, Collections.list(qb.getEnumeration()).size());
            };
            case CREATE_QUEUE -> () -> s.createProducer(s.createQueue("fresh")).send(s.createTextMessage("new"));
            case DELETE_QUEUE -> () -> view.deleteQueue("orders");
            case CREATE_DURABLE_SUBSCRIPTION -> () -> {
                s.createDurableConsumer(prices, "d2").close();
            };
            case DELETE_DURABLE_SUBSCRIPTION -> () -> {
                s.unsubscribe("d1");
            };
            case MANAGE -> () -> view.purgeQueue("orders");
        };
        run(action, allowed, act, before, false);
    }

    // ---------------------------------------------------------------- JMSContext

    @ParameterizedTest(name = "JMSContext {0} allowed={1}")
    @MethodSource("matrix")
    void context(Action action, boolean allowed) throws Exception {
        Map<String, String> before = snapshot();
        String user = user(action, allowed);
        JMSContext ctx = factory.createContext(user, PW);
        try {
            String clientId = clientId(action);
            if (clientId != null) {
                ctx.setClientID(clientId);
            }
            Queue orders = ctx.createQueue("orders");
            Topic prices = ctx.createTopic("prices");
            Broker view = ((JaqsJMSContext) ctx).getBroker();
            ThrowingRunnable act = switch (action) {
                case SEND -> () -> ctx.createProducer().send(orders, "m");
                case CONSUME -> () -> assertEquals("seed", ctx.createConsumer(orders).receiveBody(String.class, WAIT_MS));
                case BROWSE -> () -> assertEquals(1, Collections.list(ctx.createBrowser(orders).getEnumeration()).size());
                case CREATE_QUEUE -> () -> ctx.createProducer().send(ctx.createQueue("fresh"), "new");
                case DELETE_QUEUE -> () -> view.deleteQueue("orders");
                case CREATE_DURABLE_SUBSCRIPTION -> () -> {
                        ctx.createDurableConsumer(prices, "d2").close();
                };
                case DELETE_DURABLE_SUBSCRIPTION -> () -> {
                        ctx.unsubscribe("d1");
                };
                case MANAGE -> () -> view.purgeQueue("orders");
            };
            run(action, allowed, act, before, true);
        } finally {
            ctx.close();
        }
    }

    private void run(Action action, boolean allowed, ThrowingRunnable act, Map<String, String> before, boolean simplified)
            throws Exception {
        boolean adminView = action == Action.DELETE_QUEUE || action == Action.MANAGE;
        if (allowed) {
            act.run();
            assertAllowedEffect(action);
            return;
        }
        Exception e;
        if (adminView) {
            BrokerException be = assertThrows(BrokerException.class, act::run);
            assertEquals(ErrorCode.ACCESS_DENIED, be.code());
            e = be;
        } else if (simplified) {
            e = assertThrows(JMSSecurityRuntimeException.class, act::run);
        } else {
            e = assertThrows(JMSSecurityException.class, act::run);
        }
        assertNames(e.getMessage(), action, false);
        assertEquals(before, snapshot(), "a denied " + action + " changes nothing");
    }

    private void assertAllowedEffect(Action action) throws Exception {
        Broker b = factory.getBroker();
        switch (action) {
            case SEND -> assertEquals(2, b.approximateCounts("orders").visible());
            case CONSUME, MANAGE -> {
                var c = b.approximateCounts("orders");
                assertEquals(0, c.visible() + c.notVisible() + c.delayed());
            }
            case BROWSE -> assertEquals(1, b.approximateCounts("orders").visible());
            case CREATE_QUEUE -> assertEquals(1, b.approximateCounts("fresh").visible());
            case DELETE_QUEUE -> assertTrue(b.listQueues("orders").isEmpty());
            case CREATE_DURABLE_SUBSCRIPTION -> assertTrue(b.listSubscriptions("prices").stream().anyMatch(s -> "d2".equals(s.name())));
            case DELETE_DURABLE_SUBSCRIPTION -> assertTrue(b.listSubscriptions("prices").stream().noneMatch(s -> "d1".equals(s.name())));
        }
    }

    private Connection connection(String user) throws Exception {
        Connection c = factory.createConnection(user, PW);
        track(c);
        return c;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- beyond the matrix

    /** A temporary queue is its creating connection's user's: another user, even with every permission, is refused. */
    @Test
    void temporaryDestinationsBelongToTheirConnectionsUser() throws Exception {
        Connection owner = connection("yes-send");
        Session os = owner.createSession();
        TemporaryQueue tmp = os.createTemporaryQueue();
        Connection sameUser = connection("yes-send");
        Session ss = sameUser.createSession();
        ss.createProducer(tmp).send(ss.createTextMessage("from the owner's other connection"));
        Connection admin = connection("admin");
        Session as = admin.createSession();
        JMSSecurityException e = assertThrows(JMSSecurityException.class, () -> as.createProducer(tmp).send(as.createTextMessage("x")));
        assertTrue(e.getMessage().contains("'admin'") && e.getMessage().contains(tmp.getQueueName()), e.getMessage());
        assertEquals(1, factory.getBroker().approximateCounts(tmp.getQueueName()).visible());
    }

    /** Permissions are per destination: a grant on orders-* allows orders-eu and refuses orders (and the audit log names it). */
    @Test
    void patternsLimitTheDestinations() throws Exception {
        factory.setPermissions(permissions() + "; send,createQueue:orders-*:r-yes-consume");
        Connection c = connection("yes-consume");
        Session s = c.createSession();
        s.createProducer(s.createQueue("orders-eu")).send(s.createTextMessage("eu"));
        JMSSecurityException e = assertThrows(JMSSecurityException.class,
                () -> s.createProducer(s.createQueue("orders")).send(s.createTextMessage("x")));
        assertEquals("User 'yes-consume' may not send on 'orders'", e.getMessage());
        assertEquals("AccessDenied", e.getErrorCode());
        assertEquals(1, factory.getBroker().approximateCounts("orders").visible());
    }

    /** In a transacted session the denied send throws at send time and the commit applies the rest only. */
    @Test
    void aDeniedSendInATransactionLeavesTheTransactionUsable() throws Exception {
        factory.setPermissions(permissions() + "; send:audit:r-yes-consume");
        Connection c = connection("yes-consume");
        Session s = c.createSession(Session.SESSION_TRANSACTED);
        factory.getBroker().createQueue("audit", Map.of());
        factory.getBroker().createQueue("secret", Map.of());
        s.createProducer(s.createQueue("audit")).send(s.createTextMessage("ok"));
        assertThrows(JMSSecurityException.class, () -> s.createProducer(s.createQueue("secret")).send(s.createTextMessage("no")));
        s.commit();
        assertEquals(1, factory.getBroker().approximateCounts("audit").visible());
        assertEquals(0, factory.getBroker().approximateCounts("secret").visible());
    }

    /** Denials, authentication failures, purges and queue deletions reach the io.jaqs.audit logger (JUL here), with the user. */
    @Test
    void securityEventsAreAudited() throws Exception {
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger(io.jaqs.broker.security.Audit.LOGGER);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        audit.addHandler(h);
        try {
            assertThrows(JMSSecurityException.class, () -> factory.createConnection("admin", "not-" + PW));
            Connection c = connection("no-send");
            Session s = c.createSession();
            assertThrows(JMSSecurityException.class, () -> s.createProducer(s.createQueue("orders")).send(s.createTextMessage("x")));
            ((JaqsConnection) c).getBroker().purgeQueue("orders");
            ((JaqsConnection) c).getBroker().deleteQueue("orders");
        } finally {
            audit.removeHandler(h);
        }
        assertEquals(List.of("WARNING authentication failed: user=admin via=jms",
                "WARNING access denied: user=no-send action=send destination=orders",
                "INFO queue purged: user=no-send queue=orders",
                "INFO queue deleted: user=no-send queue=orders"), lines);
    }
}
