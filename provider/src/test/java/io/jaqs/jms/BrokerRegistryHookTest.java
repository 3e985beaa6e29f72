package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM shutdown hook exists only while a broker is open: a resource adapter that closes its
 * brokers at undeploy leaves no hook that would run its discarded class loader's code at JVM exit
 * (GlassFish and WildFly logged NoClassDefFoundError in jaqs-shutdown).
 */
class BrokerRegistryHookTest {
    @TempDir
    Path dir;

    @Test
    void theHookIsRegisteredWhileABrokerIsOpenAndRemovedWithTheLast() throws JMSException {
        String url = "jdbc:h2:file:" + dir.resolve("hook").toAbsolutePath();
        new JaqsConnectionFactory(url).getBroker();
        Thread hook = BrokerRegistry.shutdownHook();
        assertNotNull(hook, "a hook closes the open broker at JVM exit");
        assertTrue(BrokerRegistry.isOpen(url));

        BrokerRegistry.shutdown(url);
        assertFalse(BrokerRegistry.isOpen(url));
        if (!BrokerRegistry.anyOpen()) { // another test class of this JVM may keep its own broker open
            assertNull(BrokerRegistry.shutdownHook(), "no broker open, no hook");
            assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook was unregistered from the JVM");
        }

        new JaqsConnectionFactory(url).getBroker(); // reopening registers a hook again
        assertNotNull(BrokerRegistry.shutdownHook());
        BrokerRegistry.shutdown(url);
    }

    @Test
    void aStoreThatFailsToOpenLeavesNoHook() {
        String url = "jdbc:h2:file:" + dir.resolve("x").toAbsolutePath() + ";NO_SUCH_SETTING=1";
        boolean othersOpen = BrokerRegistry.anyOpen();
        assertThrows(JMSException.class, () -> new JaqsConnectionFactory(url).getBroker());
        assertFalse(BrokerRegistry.isOpen(url));
        if (!othersOpen && !BrokerRegistry.anyOpen()) {
            assertNull(BrokerRegistry.shutdownHook());
        }
    }
}
