package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.ManualClock;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An MDB session that dies holding a FIFO group (its onMessage never returns) keeps that group
 * locked, and only that group: the other sessions process every other group. When the queue's
 * visibility timeout ends (on the broker's clock, moved by the test) the held messages come back
 * and another session processes the whole group, in order and once (issue #17).
 */
public class FifoGroupMdbDiesTest {
    static final int GROUPS = 12;
    static final int PER_GROUP = 10;
    static final String URL = "jdbc:h2:mem:ra-fifo-dies-" + UUID.randomUUID();
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    final Container container = new Container();

    /** The broker core is opened first, on a manual clock; the adapter shares it (one core per store URL). */
    @BeforeAll
    static void brokerOnAManualClock() throws Exception {
        JaqsConnectionFactory f = new JaqsConnectionFactory(URL);
        f.setClock(CLOCK);
        f.getBroker();
    }

    @AfterAll
    static void closeBroker() {
        BrokerRegistry.shutdown(URL);
    }

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(URL, "prefetch", "10");
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("dies.fifo");
    }

    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "dies.fifo"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4")})
    public static class DyingMdb implements MessageListener {
        static final List<String> PROCESSED = Collections.synchronizedList(new ArrayList<>());
        static final Map<String, Integer> BY_THREAD = new ConcurrentHashMap<>();
        static final CountDownLatch DEAD_HAS_ONE = new CountDownLatch(1);
        static final CountDownLatch REVIVE = new CountDownLatch(1);
        static volatile Thread dead;
        static volatile String deadGroup;

        @Override
        public void onMessage(Message message) {
            try {
                String body = ((TextMessage) message).getText();
                Thread me = Thread.currentThread();
                if (me == dead) {
                    return; // the dead session after the test released it: what it still held is not counted
                }
                synchronized (DyingMdb.class) {
                    if (dead == null) {
                        dead = me;
                        deadGroup = body.substring(0, 3);
                    }
                }
                if (me == dead) {
                    DEAD_HAS_ONE.countDown();
                    REVIVE.await(60, TimeUnit.SECONDS); // stuck: the session's thread does not come back
                    return; // and then it throws nothing: a container would see a normal return, too late
                }
                PROCESSED.add(body);
                BY_THREAD.merge(me.getName(), 1, Integer::sum);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aSessionThatDiesHoldingAGroupLosesItAfterTheVisibilityTimeoutAndTheGroupStaysInOrder() throws Exception {
        FifoGroupFixture.send(URL, "dies.fifo", GROUPS, PER_GROUP);
        Broker broker = new JaqsConnectionFactory(URL).getBroker();
        Container.deployBeans("dies", DyingMdb.class);
        try {
            assertTrue(DyingMdb.DEAD_HAS_ONE.await(60, TimeUnit.SECONDS), "a session got a first message");
            String held = DyingMdb.deadGroup;
            awaitUntil(() -> DyingMdb.PROCESSED.size() >= (GROUPS - 1) * PER_GROUP, "the other groups processed");
            assertTrue(DyingMdb.PROCESSED.stream().noneMatch(b -> b.startsWith(held)),
                    "the dead session's group stays locked while its message is in flight: " + DyingMdb.PROCESSED);
            // the acknowledgements follow the processing: once they are in, the held group is all that is left
            awaitUntil(() -> remaining(broker) == PER_GROUP, "only the held group left in the queue");

            CLOCK.advanceSeconds(31); // the queue's visibility timeout (30 s) ends for what the dead session holds
            awaitUntil(() -> DyingMdb.PROCESSED.size() >= GROUPS * PER_GROUP, "the held group processed after the timeout");
            awaitUntil(() -> remaining(broker) == 0, "every message acknowledged");

            FifoGroupFixture.assertEachGroupInOrderAndOnce(new ArrayList<>(DyingMdb.PROCESSED), GROUPS, PER_GROUP);
            assertTrue(DyingMdb.BY_THREAD.size() >= 2, "the live sessions shared the groups: " + DyingMdb.BY_THREAD);
            assertTrue(!DyingMdb.BY_THREAD.containsKey(DyingMdb.dead.getName()), "the dead session processed nothing");
        } finally {
            DyingMdb.REVIVE.countDown(); // before the container's undeploy waits for deliveries in progress
        }
    }

    private static long remaining(Broker broker) {
        var counts = broker.approximateCounts("dies.fifo");
        return counts.visible() + counts.notVisible() + counts.delayed();
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        FifoGroupFixture.awaitUntil(condition, 60, () -> what + ": " + DyingMdb.PROCESSED.size() + " processed, " + DyingMdb.BY_THREAD);
    }
}
