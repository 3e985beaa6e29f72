package io.jaqs.bench;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.storage.DatabaseStorageConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * ActiveMQ Artemis embedded in this JVM (security off, in-VM acceptor, persistence on), clients
 * through its jakarta JMS connection factory with default settings. Two stores: the NIO file
 * journal at its defaults, and the JDBC store on an H2 file.
 */
final class ArtemisDriver extends JmsDriver {
    /**
     * Not the default: makes acknowledge() wait for the broker (blockOnAcknowledge=true), for the
     * one comparison of receive + ack at an equal promise (bench/run --artemis-block-on-ack).
     */
    static boolean blockOnAcknowledge;
    private final EmbeddedActiveMQ server;
    private final ConfigurationImpl config;

    private ArtemisDriver(String system, String durability, ConfigurationImpl config) throws Exception {
        super(system, durability);
        this.config = config;
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://0");
        if (blockOnAcknowledge) {
            cf.setBlockOnAcknowledge(true);
        }
        factory = cf;
    }

    private static ConfigurationImpl base(Path dir) throws Exception {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setSecurityEnabled(false);
        c.setJMXManagementEnabled(false);
        c.addAcceptorConfiguration("in-vm", "vm://0");
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        return c;
    }

    /**
     * NIO file journal, defaults: journal-sync-transactional and -non-transactional on (every
     * durable send and transaction commit waits for an fsync), journal-datasync on, and the NIO
     * journal-buffer-timeout (3,333,333 ns): writes are buffered and flushed + fsynced at most once
     * per timeout, so a lone synchronous sender waits up to ~3.3 ms per message and concurrent
     * senders share one fsync.
     */
    static ArtemisDriver file(Path dir) throws Exception {
        ConfigurationImpl c = base(dir);
        c.setJournalType(JournalType.NIO);
        return new ArtemisDriver("artemis-file", "disk", c);
    }

    /**
     * JDBC store on an H2 file with WRITE_DELAY=0 (the same H2 setting Jaqs runs with at
     * durability process: a commit reaches the OS before it returns, no fsync). Artemis's JDBC
     * journal commits its pending records every jdbc-journal-sync-period (5 ms, default); a
     * durable send returns after that commit.
     */
    static ArtemisDriver jdbc(Path dir) throws Exception {
        ConfigurationImpl c = base(dir);
        DatabaseStorageConfiguration db = new DatabaseStorageConfiguration();
        db.setJdbcConnectionUrl("jdbc:h2:file:" + dir.resolve("artemis").toAbsolutePath() + ";WRITE_DELAY=0");
        db.setJdbcDriverClassName("org.h2.Driver");
        c.setStoreConfiguration(db);
        return new ArtemisDriver("artemis-jdbc", "process", c);
    }

    long bufferTimeoutNanos() {
        return config.getJournalBufferTimeout_NIO();
    }

    static String version() {
        return org.apache.activemq.artemis.utils.VersionLoader.getVersion().getFullVersion();
    }

    @Override
    public String queue(String base, boolean fifo) {
        return fifo ? base + "-groups" : base; // FIFO: JMSXGroupID on a normal queue
    }

    @Override
    public void close() throws Exception {
        closeConnections();
        ((ActiveMQConnectionFactory) factory).close();
        server.stop();
    }
}
