package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.InvalidPropertyException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.ApplicationComposers;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;

/** An MDB whose activation properties are wrong is not deployed, and the error names the property. */
public class InvalidActivationTest {

    @Test
    void activationWithoutDestinationIsRefusedByTheDeployedAdapter() throws Exception {
        ApplicationComposers composers = new ApplicationComposers(ConnectorOnly.class);
        composers.before(new ConnectorOnly());
        try {
            JaqsResourceAdapter ra = (JaqsResourceAdapter) org.apache.openejb.loader.SystemInstance.get()
                    .getComponent(org.apache.openejb.spi.ContainerSystem.class).getJNDIContext().lookup("openejb:Resource/jaqsRA");
            InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                    () -> ra.endpointActivation(null, new JaqsActivationSpec())); // refused before the endpoint is touched
            assertEquals("Invalid Jaqs activation property destination: destination must name the queue or topic to receive from",
                    e.getMessage());
            assertEquals(0, ra.getRunningConsumers());
        } finally {
            composers.after();
        }
    }

    @Test
    void clientAcknowledgeFailsTheDeployment() throws Exception {
        String chain = deployFails(ClientAckMdb.class);
        assertTrue(chain.contains("Invalid Jaqs activation property acknowledgeMode"), chain);
        assertTrue(chain.contains("'Client-acknowledge'"), chain);
    }

    @Test
    void validateNamesEachBadProperty() {
        JaqsActivationSpec spec = new JaqsActivationSpec();
        assertEquals("destination", invalidProperty(spec));
        spec.setDestination("q");
        spec.setAcknowledgeMode("Client-acknowledge");
        assertEquals("acknowledgeMode", invalidProperty(spec));
        spec.setAcknowledgeMode("Dups-ok-acknowledge");
        spec.setDestinationType("jakarta.jms.Bogus");
        assertEquals("destinationType", invalidProperty(spec));
        spec.setDestinationType("jakarta.jms.Topic");
        spec.setSubscriptionDurability("Durable");
        assertEquals("subscriptionName", invalidProperty(spec));
        spec.setSubscriptionName("s");
        assertEquals("clientId", invalidProperty(spec));
        spec.setClientId("c");
        spec.setMaxSessions(0);
        assertEquals("maxSessions", invalidProperty(spec));
        spec.setMaxSessions(1);
        assertEquals(null, invalidProperty(spec));
    }

    private static String invalidProperty(JaqsActivationSpec spec) {
        try {
            spec.validate();
            return null;
        } catch (InvalidPropertyException e) {
            assertEquals(1, e.getInvalidPropertyDescriptors().length);
            return e.getInvalidPropertyDescriptors()[0].getName();
        }
    }

    /** Deploys the app in a fresh container, expects the deployment to fail; returns the causes' messages. */
    private static String deployFails(Class<?> mdb) throws Exception {
        ApplicationComposers composers = new ApplicationComposers(ConnectorOnly.class);
        composers.before(new ConnectorOnly());
        Exception e;
        try {
            e = assertThrows(Exception.class, () -> Container.deployBeans("bad", mdb));
        } finally {
            composers.after();
        }
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join(" <- ", messages);
    }

    public static class ConnectorOnly {
        @org.apache.openejb.testing.Configuration
        public java.util.Properties config() {
            return Container.queues("q");
        }

        @Module
        public Connector jaqs() throws Exception {
            return Container.connector("jdbc:h2:mem:ra-" + UUID.randomUUID());
        }
    }

    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "q"),
            @ActivationConfigProperty(propertyName = "acknowledgeMode", propertyValue = "Client-acknowledge")})
    public static class ClientAckMdb implements MessageListener {
        @Override
        public void onMessage(Message message) {
        }
    }
}
