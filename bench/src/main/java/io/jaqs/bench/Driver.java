package io.jaqs.bench;

/**
 * One system under test, as the workloads see it: producers and consumers on named queues, a
 * fast prefill path, and topic fan-out. {@link JmsDriver} implements it over plain jakarta.jms for
 * every JMS system; {@link RawH2Driver} over plain JDBC (the ceiling).
 */
interface Driver extends AutoCloseable {

    /** CSV system name: jaqs-h2, jaqs-h2-aes, jaqs-postgres, artemis-file, artemis-jdbc, sqs-jms-elasticmq, raw-h2. */
    String system();

    /** What a returned send promises at the settings used: disk, process or none. */
    String durability();

    /** Column label: system, with the durability when one system runs at several. */
    default String label() {
        return system() + "/" + durability();
    }

    /** Why a workload cannot run on this system (shown as n/a), or null when it can. */
    String unsupported(String workload);

    /** The queue name to use for a base name (FIFO: the system's FIFO naming), created if the system needs that. */
    String queue(String base, boolean fifo) throws Exception;

    /** A producer for one thread; transacted producers send in a local transaction, committed by {@link Producer#commit}. */
    Producer producer(String queue, boolean transacted) throws Exception;

    /** A consumer for one thread: CLIENT_ACKNOWLEDGE (ack each) or transacted. */
    Consumer consumer(String queue, boolean transacted) throws Exception;

    /**
     * Sends {@code n} messages fast (the system's batch or transacted path), until done or the
     * deadline (System.nanoTime); returns how many were sent. FIFO messages go to 100 groups, in
     * per-group order, with bodies from {@link Bodies#fifo}.
     */
    long prefill(String queue, boolean fifo, long n, long deadlineNanos) throws Exception;

    /**
     * CPU time (nanoseconds, summed since some fixed point) of the database processes this system
     * stores in outside the JVM, or -1 when its store runs inside the JVM (its CPU is the JVM's) or
     * cannot be measured. The cycle workload reports it per message.
     */
    default long databaseCpuNanos() {
        return -1;
    }

    /** A topic with {@code subscribers} durable subscriptions, made before the first publish. */
    FanOut fanout(String topic, int subscribers) throws Exception;

    @Override
    void close() throws Exception;

    interface Producer extends AutoCloseable {
        /** Sends one persistent message; group and dedup are set on FIFO sends, null otherwise. */
        void send(String body, String group, String dedup) throws Exception;

        void commit() throws Exception;

        @Override
        void close() throws Exception;
    }

    interface Consumer extends AutoCloseable {
        /** The next message's body, or null when none came within the timeout. */
        String receive(long timeoutMillis) throws Exception;

        /** Acknowledges the messages received so far (CLIENT_ACKNOWLEDGE: the last one received). */
        void ack() throws Exception;

        void commit() throws Exception;

        @Override
        void close() throws Exception;
    }

    interface FanOut extends AutoCloseable {
        Producer publisher();

        java.util.List<Consumer> subscribers();

        @Override
        void close() throws Exception;
    }
}
