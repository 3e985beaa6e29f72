package io.jaqs.jmx;

import io.jaqs.broker.BrokerObserver;
import io.jaqs.broker.Broker;
import io.jaqs.broker.QueueName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a broker's MBeans in the platform MBeanServer when it opens: one {@link BrokerControlMBean}
 * and a {@link QueueControlMBean} per queue (queues created later are added, deleted ones removed),
 * and unregisters all of them when it closes. Names:
 * {@code io.jaqs:type=Broker,store="<url>",instance=<n>} and
 * {@code io.jaqs:type=Queue,store="<url>",instance=<n>,name=<queue>}; {@code instance} tells apart
 * brokers of one store in one JVM (PostgreSQL nodes in tests). {@code -Djaqs.jmx=false} turns it off.
 */
public final class BrokerManagement implements BrokerObserver {
    public static final String DOMAIN = "io.jaqs";
    private static final System.Logger LOG = System.getLogger(BrokerManagement.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Broker broker;
    private final MBeanServer server;
    private final String prefix;
    private final ObjectName brokerName;
    private final Map<String, ObjectName> queues = new ConcurrentHashMap<>();

    private BrokerManagement(Broker broker, MBeanServer server) throws JMException {
        this.broker = broker;
        this.server = server;
        String store = broker.storeName();
        this.prefix = DOMAIN + ":store=" + ObjectName.quote(store) + ",instance=" + INSTANCES.incrementAndGet();
        this.brokerName = new ObjectName(prefix + ",type=Broker");
        server.registerMBean(new BrokerControl(broker, store), brokerName);
    }

    /** Registers the broker's MBeans unless {@code jaqs.jmx} is {@code false}; a JMX failure is logged, never thrown. */
    public static void register(Broker broker) {
        if ("false".equalsIgnoreCase(System.getProperty("jaqs.jmx"))) {
            return;
        }
        try {
            BrokerManagement m = new BrokerManagement(broker, ManagementFactory.getPlatformMBeanServer());
            broker.addObserver(m);
            for (QueueName queue : broker.listQueueNames(null)) {
                m.queueCreated(queue.name());
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Jaqs MBeans not registered: " + e, e);
        }
    }

    /** Registers every broker as it opens (META-INF/services/io.jaqs.broker.BrokerExtension). */
    public static final class Extension implements io.jaqs.broker.BrokerExtension {
        @Override
        public void opened(Broker broker) {
            register(broker);
        }
    }

    /** The name pattern of every MBean of every Jaqs broker in this JVM. */
    public static ObjectName allNames() {
        try {
            return new ObjectName(DOMAIN + ":*");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void queueCreated(String queue) {
        queues.computeIfAbsent(queue, q -> {
            try {
                ObjectName name = new ObjectName(prefix + ",type=Queue,name=" + ObjectName.quote(q));
                server.registerMBean(new QueueControl(broker, QueueName.of(q)), name);
                return name;
            } catch (JMException e) {
                LOG.log(System.Logger.Level.WARNING, "MBean of queue " + q + " not registered: " + e, e);
                return null;
            }
        });
    }

    @Override
    public void queueDeleted(String queue) {
        ObjectName name = queues.remove(queue);
        if (name != null) {
            unregister(name);
        }
    }

    @Override
    public void brokerClosed() {
        broker.removeObserver(this);
        queues.values().forEach(this::unregister);
        queues.clear();
        unregister(brokerName);
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(System.Logger.Level.DEBUG, "MBean " + name + " was gone already", e);
        }
    }
}
