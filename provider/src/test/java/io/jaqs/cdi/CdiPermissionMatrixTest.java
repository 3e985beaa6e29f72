package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.security.Action;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsJMSContext;
import io.jaqs.jms.PermissionMatrixTest;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix through CDI: users, roles and permissions come from the CDI configuration
 * ({@code jaqs.users}, {@code jaqs.roles}, {@code jaqs.permissions}), and each user acts through a
 * container-managed JMSContext injected with {@code @JMSPasswordCredential}. For every action, the
 * user granted it succeeds and the user granted everything else gets JMSSecurityRuntimeException
 * naming user, action and destination, with the store unchanged. Queue deletion and management are
 * not JMSContext operations: they go through the injected factory's admin view for the same user.
 */
class CdiPermissionMatrixTest extends CdiTestSupport {
    @Dependent
    static class Users {
        @Inject
        ConnectionFactory factory;
        @Inject
        @JMSPasswordCredential(userName = "admin", password = PermissionMatrixTest.PW)
        JMSContext admin;
        @Inject
        @JMSPasswordCredential(userName = "yes-send", password = PermissionMatrixTest.PW)
        JMSContext yes_send;
        @Inject
        @JMSPasswordCredential(userName = "no-send", password = PermissionMatrixTest.PW)
        JMSContext no_send;
        @Inject
        @JMSPasswordCredential(userName = "yes-consume", password = PermissionMatrixTest.PW)
        JMSContext yes_consume;
        @Inject
        @JMSPasswordCredential(userName = "no-consume", password = PermissionMatrixTest.PW)
        JMSContext no_consume;
        @Inject
        @JMSPasswordCredential(userName = "yes-browse", password = PermissionMatrixTest.PW)
        JMSContext yes_browse;
        @Inject
        @JMSPasswordCredential(userName = "no-browse", password = PermissionMatrixTest.PW)
        JMSContext no_browse;
        @Inject
        @JMSPasswordCredential(userName = "yes-createQueue", password = PermissionMatrixTest.PW)
        JMSContext yes_createQueue;
        @Inject
        @JMSPasswordCredential(userName = "no-createQueue", password = PermissionMatrixTest.PW)
        JMSContext no_createQueue;
        @Inject
        @JMSPasswordCredential(userName = "yes-deleteQueue", password = PermissionMatrixTest.PW)
        JMSContext yes_deleteQueue;
        @Inject
        @JMSPasswordCredential(userName = "no-deleteQueue", password = PermissionMatrixTest.PW)
        JMSContext no_deleteQueue;
        @Inject
        @JMSPasswordCredential(userName = "yes-createDurableSubscription", password = PermissionMatrixTest.PW)
        JMSContext yes_createDurableSubscription;
        @Inject
        @JMSPasswordCredential(userName = "no-createDurableSubscription", password = PermissionMatrixTest.PW)
        JMSContext no_createDurableSubscription;
        @Inject
        @JMSPasswordCredential(userName = "yes-deleteDurableSubscription", password = PermissionMatrixTest.PW)
        JMSContext yes_deleteDurableSubscription;
        @Inject
        @JMSPasswordCredential(userName = "no-deleteDurableSubscription", password = PermissionMatrixTest.PW)
        JMSContext no_deleteDurableSubscription;
        @Inject
        @JMSPasswordCredential(userName = "yes-manage", password = PermissionMatrixTest.PW)
        JMSContext yes_manage;
        @Inject
        @JMSPasswordCredential(userName = "no-manage", password = PermissionMatrixTest.PW)
        JMSContext no_manage;

        JMSContext as(String user) throws ReflectiveOperationException {
            return (JMSContext) Users.class.getDeclaredField(user.replace('-', '_')).get(this);
        }
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Action.values()).flatMap(a -> Stream.of(Arguments.of(a, true), Arguments.of(a, false)));
    }

    @ParameterizedTest(name = "CDI {0} allowed={1}")
    @MethodSource("matrix")
    void cdi(Action action, boolean allowed) throws Exception {
        setProperty("jaqs.users", PermissionMatrixTest.users());
        setProperty("jaqs.roles", PermissionMatrixTest.roles());
        setProperty("jaqs.permissions", PermissionMatrixTest.permissions());
        Users users = start(Users.class).select(Users.class).get();
        JaqsConnectionFactory factory = (JaqsConnectionFactory) users.factory;
        Broker raw = factory.getBroker();
        raw.createQueue("orders", Map.of());
        raw.sendMessage("orders", SendMessageRequest.builder("seed").build());
        try (JMSContext admin = factory.createContext("admin", PermissionMatrixTest.PW)) {
            admin.createSharedDurableConsumer(admin.createTopic("prices"), "d1").close();
        }
        Map<String, String> before = snapshot(raw);

        String user = (allowed ? "yes-" : "no-") + action.artemisName();
        JMSContext ctx = users.as(user);
        Queue orders = ctx.createQueue("orders");
        Topic prices = ctx.createTopic("prices");
        Runnable act = switch (action) {
            case SEND -> () -> ctx.createProducer().send(orders, "m");
            case CONSUME -> () -> assertEquals("seed", ctx.createConsumer(orders).receiveBody(String.class, 5000));
            case BROWSE -> () -> {
                try {
                    assertEquals(1, Collections.list(ctx.createBrowser(orders).getEnumeration()).size());
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
            };
            case CREATE_QUEUE -> () -> ctx.createProducer().send(ctx.createQueue("fresh"), "new");
            case DELETE_QUEUE -> () -> adminView(factory, user, b -> b.deleteQueue("orders"));
            case CREATE_DURABLE_SUBSCRIPTION -> () -> ctx.createSharedDurableConsumer(prices, "d2").close();
            case DELETE_DURABLE_SUBSCRIPTION -> () -> ctx.unsubscribe("d1");
            case MANAGE -> () -> adminView(factory, user, b -> b.purgeQueue("orders"));
        };
        String destination = switch (action) {
            case CREATE_QUEUE -> "fresh";
            case CREATE_DURABLE_SUBSCRIPTION, DELETE_DURABLE_SUBSCRIPTION -> "prices";
            default -> "orders";
        };
        if (allowed) {
            act.run();
            switch (action) {
                case SEND -> assertEquals(2, raw.approximateCounts("orders").visible());
                case CONSUME, MANAGE -> assertEquals(0, raw.approximateCounts("orders").visible() + raw.approximateCounts("orders").notVisible());
                case BROWSE -> assertEquals(1, raw.approximateCounts("orders").visible());
                case CREATE_QUEUE -> assertEquals(1, raw.approximateCounts("fresh").visible());
                case DELETE_QUEUE -> assertTrue(raw.listQueues("orders").isEmpty());
                case CREATE_DURABLE_SUBSCRIPTION -> assertTrue(raw.listSubscriptions("prices").stream().anyMatch(s -> "d2".equals(s.name())));
                case DELETE_DURABLE_SUBSCRIPTION -> assertTrue(raw.listSubscriptions("prices").stream().noneMatch(s -> "d1".equals(s.name())));
            }
            return;
        }
        RuntimeException e;
        if (action == Action.DELETE_QUEUE || action == Action.MANAGE) {
            BrokerException be = assertThrows(BrokerException.class, act::run);
            assertEquals(ErrorCode.ACCESS_DENIED, be.code());
            e = be;
        } else {
            e = assertThrows(JMSSecurityRuntimeException.class, act::run);
        }
        assertEquals("User '" + user + "' may not " + action.artemisName() + " on '" + destination + "'", e.getMessage());
        assertEquals(before, snapshot(raw), "a denied " + action + " changes nothing");
    }

    private static void adminView(JaqsConnectionFactory factory, String user, java.util.function.Consumer<Broker> call) {
        try (JMSContext c = factory.createContext(user, PermissionMatrixTest.PW)) {
            call.accept(((JaqsJMSContext) c).getBroker());
        }
    }

    static Map<String, String> snapshot(Broker b) {
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
}
