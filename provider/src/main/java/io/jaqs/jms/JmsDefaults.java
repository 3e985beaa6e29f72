package io.jaqs.jms;

/** Defaults of the JMS facade, in one place; documented in the README's configuration table. */
public final class JmsDefaults {
    private JmsDefaults() {
    }

    /** Messages a consumer receives per store call and holds until delivered (1–10, SQS's batch limit). */
    public static final int PREFETCH = 10;
    /** MessageGroupId for a FIFO send without JMSXGroupID. */
    public static final String FIFO_GROUP = "default";
    /** Seconds a message released by recover/rollback/close stays invisible before redelivery. */
    public static final int REDELIVERY_DELAY_SECONDS = 0;
    /** Queues are created on first use unless switched off (production configurations should). */
    public static final boolean AUTO_CREATE_QUEUES = true;
    /** Longest single long poll a blocked receive() issues; it loops until its own timeout. */
    public static final int MAX_POLL_SECONDS = 20;
    /** DUPS_OK_ACKNOWLEDGE deletes in batches of this many (or when the consumer idles). */
    public static final int DUPS_OK_BATCH = 10;
    /** The acknowledge mode of the Amazon SQS JMS library: acknowledge() deletes that one message. */
    public static final int UNORDERED_ACKNOWLEDGE = 100;
    public static final String STORE_URL = "jdbc:h2:file:./data/jaqs";
}
