package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;

/**
 * The adapter's life in a server, driven as a server drives it. The endpoint factory is a double:
 * the condition it plays (a container that answers UnavailableException while the application is
 * still deploying, as GlassFish does, and that refuses the activating thread, as Liberty does)
 * cannot be produced on demand in the embedded TomEE. Everything behind it is real: the adapter,
 * its threads and an H2 file store, whose lock is checked from another JVM.
 */
class AdapterLifecycleTest {
    private final Path dir = Path.of("target", "lifecycle-" + UUID.randomUUID()).toAbsolutePath();
    private final String url = "jdbc:h2:file:" + dir.resolve("store");

    @Test
    void endpointsAreMadeOffTheActivatingThreadAndRetriedWhileUnavailable() throws Exception {
        JaqsResourceAdapter ra = adapter();
        ra.start(null);
        RefusingFactory mef = new RefusingFactory(3);
        JaqsActivationSpec spec = spec("orders");
        try {
            ra.endpointActivation(mef, spec);
            assertEquals(0, mef.created.get(), "endpointActivation returned without making an endpoint");
            send("orders", "o1");
            assertEquals("o1", mef.received.poll(30, TimeUnit.SECONDS), "delivered once the container made the endpoint");
            assertEquals(4, mef.calls.get(), "three unavailable answers, then an endpoint");
            assertFalse(mef.callingThreads.contains(Thread.currentThread()), "never asked on the activating thread");
        } finally {
            ra.endpointDeactivation(mef, spec);
            ra.stop();
        }
    }

    @Test
    void stopClosesTheBrokerItOpenedAndLeavesNoThreadNorFileLockAndARestartWorks() throws Exception {
        Set<Thread> before = jaqsThreads();
        JaqsResourceAdapter ra = adapter();
        ra.start(null);
        RefusingFactory mef = new RefusingFactory(0);
        JaqsActivationSpec spec = spec("work");
        ra.endpointActivation(mef, spec);
        send("work", "w1");
        assertEquals("w1", mef.received.poll(30, TimeUnit.SECONDS));
        assertTrue(BrokerRegistry.isOpen(url));
        assertNotEquals(0, openFromAnotherJvm(), "the running adapter holds the H2 file");
        send("work-later", "kept"); // stays in the store across the restart

        ra.stop(); // the server undeploys: without deactivating first (stop must end the consumers too)
        assertFalse(BrokerRegistry.isOpen(url), "the broker core the adapter opened is closed");
        assertEquals(0, ra.getRunningConsumers());
        assertEquals(List.of(), newThreads(before), "no Jaqs thread outlives stop()");
        assertEquals(0, openFromAnotherJvm(), "the H2 file is unlocked");

        JaqsResourceAdapter again = adapter(); // redeploy in the same JVM
        again.start(null);
        try {
            RefusingFactory later = new RefusingFactory(0);
            again.endpointActivation(later, spec("work-later"));
            assertEquals("kept", later.received.poll(30, TimeUnit.SECONDS));
        } finally {
            again.stop();
        }
        assertEquals(List.of(), newThreads(before));
    }

    @Test
    void stopLeavesOpenTheBrokersItDidNotOpen() throws Exception {
        JaqsConnectionFactory other = new JaqsConnectionFactory(url);
        other.getBroker(); // an application of the same class loader had the store open first
        try {
            JaqsResourceAdapter ra = adapter();
            ra.start(null);
            ra.stop();
            assertTrue(BrokerRegistry.isOpen(url), "not the adapter's to close");
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }

    @Test
    void adaptersAreEqualWhenConfiguredAlike() {
        JaqsResourceAdapter a = adapter();
        JaqsResourceAdapter b = adapter();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setQueueAttributes("VisibilityTimeout=5");
        assertNotEquals(a, b);
        b.setQueueAttributes(null);
        b.setShutdownTimeoutSeconds(1);
        assertNotEquals(a, b);
        JaqsResourceAdapter c = adapter();
        c.setUrl("jdbc:h2:mem:other");
        assertNotEquals(a, c);
    }

    private JaqsResourceAdapter adapter() {
        JaqsResourceAdapter ra = new JaqsResourceAdapter();
        ra.setUrl(url);
        ra.setShutdownTimeoutSeconds(10);
        return ra;
    }

    private static JaqsActivationSpec spec(String queue) {
        JaqsActivationSpec s = new JaqsActivationSpec();
        s.setDestination(queue);
        s.setMaxSessions(2);
        s.setReceiveTimeout(200);
        return s;
    }

    private void send(String queue, String text) throws Exception {
        try (Connection c = new JaqsConnectionFactory(url).createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    private static Set<Thread> jaqsThreads() {
        Set<Thread> s = ConcurrentHashMap.newKeySet();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("jaqs") || t.getName().startsWith("MVStore"))) {
                s.add(t);
            }
        }
        return s;
    }

    /** Jaqs (and H2) threads started since {@code before} that are still alive, after a bounded wait for them to end. */
    private static List<String> newThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = new ArrayList<>();
            for (Thread t : jaqsThreads()) {
                if (!before.contains(t)) {
                    left.add(t.getName());
                }
            }
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(50); // polling for threads to end, with a bound
        } while (System.nanoTime() < deadline);
        return left;
    }

    /** Opens the store's H2 file from another JVM: exit code 0 when it is not locked. */
    private int openFromAnotherJvm() throws Exception {
        String h2 = null;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(e).getName().startsWith("h2-")) {
                h2 = e;
            }
        }
        assertNotNull(h2, "the H2 jar is on the test class path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", h2,
                "org.h2.tools.Shell", "-url", url, "-sql", "SELECT 1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** A container's endpoint factory that answers UnavailableException to its first {@code refusals} requests. */
    static final class RefusingFactory implements MessageEndpointFactory {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        final Set<Thread> callingThreads = ConcurrentHashMap.newKeySet();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final int refusals;

        RefusingFactory(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa) throws UnavailableException {
            callingThreads.add(Thread.currentThread());
            if (calls.incrementAndGet() <= refusals) {
                throw new UnavailableException("the application is still deploying");
            }
            created.incrementAndGet();
            return new Endpoint();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa, long timeout) throws UnavailableException {
            return createEndpoint(xa);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "lifecycle-test";
        }

        @Override
        public Class<?> getEndpointClass() {
            return Endpoint.class;
        }

        final class Endpoint implements MessageEndpoint, MessageListener {
            @Override
            public void onMessage(Message m) {
                try {
                    received.add(((TextMessage) m).getText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void beforeDelivery(Method method) {
            }

            @Override
            public void afterDelivery() {
            }

            @Override
            public void release() {
            }
        }
    }
}
