package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link Broker#checkHealth()}: real round trips, so a store that stops answering shows as down. */
class HealthTest extends BrokerTestSupport {

    @Test
    void anOpenBrokerIsUpWithBothRoundTripsTimed() {
        queue("q");
        BrokerHealth h = broker.checkHealth();
        assertTrue(h.up(), () -> "down: " + h.problem());
        assertNull(h.problem());
        assertNotNull(h.storeRead());
        assertNotNull(h.storeWrite());
        assertTrue(h.pendingWrites() >= 0, "the JDBC store says how many writes are queued");
        assertEquals(1, broker.listQueues(null).size(), "the probe changed nothing");
    }

    @Test
    void aClosedBrokerIsDown() {
        broker.close();
        BrokerHealth h = broker.checkHealth();
        assertFalse(h.up());
        assertEquals("The broker is closed", h.problem());
    }

    @Test
    void aDatabaseThatWasShutDownUnderTheBrokerIsDown() throws Exception {
        assumeFalse(onPostgres(), "H2: shut the embedded database down from a second connection");
        queue("q");
        assertTrue(broker.checkHealth().up());
        try (Connection c = DriverManager.getConnection(storeUrl()); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
        BrokerHealth h = broker.checkHealth();
        assertFalse(h.up());
        assertNotNull(h.problem());
        assertTrue(h.problem().contains("store read failed") || h.problem().contains("store writer"), h.problem());
    }
}
