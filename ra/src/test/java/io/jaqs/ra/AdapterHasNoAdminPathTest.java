package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource adapter offers no admin path: what an application gets from the adapter's
 * connection factory (connections, contexts, sessions and what they create) exposes only JMS, so it
 * cannot purge or delete a queue, change its attributes or reach the broker core, whatever the user
 * may do. Administration is the provider's {@code getBroker()}, the SQS endpoint or the console.
 */
class AdapterHasNoAdminPathTest {
    /** Names of operations that would administer a queue, and the broker core's accessor. */
    static final Pattern ADMIN = Pattern.compile("(?i).*(purge|deleteQueue|setQueueAttributes|tagQueue|moveTask|getBroker|delegate).*");

    @TempDir
    Path dir;
    String url;

    @AfterEach
    void tearDown() {
        BrokerRegistry.shutdown(url);
    }

    @Test
    void noHandleOrWhatItCreatesOffersAdministration() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        Broker raw = new JaqsConnectionFactory(url).getBroker();
        raw.createQueue("orders", Map.of());
        JaqsManagedConnectionFactory mcf = new JaqsManagedConnectionFactory();
        mcf.setUrl(url);
        JaqsRaConnectionFactory cf = (JaqsRaConnectionFactory) mcf.createConnectionFactory();

        List<Object> reachable = new ArrayList<>();
        reachable.add(cf);
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession();
            Queue orders = s.createQueue("orders");
            TemporaryQueue temporary = s.createTemporaryQueue();
            reachable.addAll(List.of(c, s, orders, temporary, s.createProducer(orders), s.createConsumer(orders),
                    s.createBrowser(orders), s.createTextMessage("m")));
            for (Object handle : List.of(c, s)) {
                assertTrue(Proxy.isProxyClass(handle.getClass()), handle + " is a proxy of JMS interfaces only");
                for (Class<?> i : handle.getClass().getInterfaces()) {
                    assertTrue(i.getName().startsWith("jakarta.jms."), handle + " implements " + i.getName());
                }
            }
            assertFalse(c instanceof io.jaqs.jms.JaqsConnection, "the handle is not the provider's connection");
            temporary.delete(); // the one deletion JMS has: a temporary queue of this connection
        }
        try (JMSContext ctx = cf.createContext()) {
            assertFalse(ctx instanceof io.jaqs.jms.JaqsJMSContext, "the handle is not the provider's context");
            reachable.addAll(List.of(ctx, ctx.createProducer(), ctx.createConsumer(ctx.createQueue("orders"))));
        }

        List<String> offending = new ArrayList<>();
        for (Object o : reachable) {
            for (Method m : o.getClass().getMethods()) {
                boolean brokerTyped = Broker.class.isAssignableFrom(m.getReturnType())
                        || Arrays.stream(m.getParameterTypes()).anyMatch(Broker.class::isAssignableFrom);
                if (brokerTyped || ADMIN.matcher(m.getName()).matches()) {
                    offending.add(o.getClass().getName() + "." + m.getName());
                }
            }
            for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isPublic(f.getModifiers()) && Broker.class.isAssignableFrom(f.getType())) {
                        offending.add(k.getName() + "#" + f.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), offending, "methods or fields of adapter objects that administer queues or reach the broker");
        assertEquals(Set.of("orders"), Set.copyOf(raw.listQueues(null).stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toList()));
    }
}
