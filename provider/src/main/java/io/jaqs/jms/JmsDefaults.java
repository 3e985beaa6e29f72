package io.jaqs.jms;

/** Defaults of the JMS facade, in one place; documented in the README's configuration table. */
public final class JmsDefaults {
    private JmsDefaults() {
    }

    /** Messages a consumer receives per store call and holds until delivered (1–10, SQS's batch limit). */
    public static final int PREFETCH = 10;
    /**
     * A synchronous consumer holding at most this percentage of its prefetch fetches the rest in the
     * background (fetch-ahead; never more than the prefetch held and being fetched together).
     */
    public static final int FETCH_AHEAD_AT = 20;
    /** MessageGroupId for a FIFO send without JMSXGroupID. */
    public static final String FIFO_GROUP = "default";
    /** Seconds a message released by recover/rollback/close stays invisible before redelivery. */
    public static final int REDELIVERY_DELAY_SECONDS = 0;
    /** Each later redelivery of the same message waits this many times longer (see RedeliveryBackoff). */
    public static final double REDELIVERY_MULTIPLIER = 2.0;
    /** The longest wait before a redelivery, however often the message failed. */
    public static final int MAX_REDELIVERY_DELAY_SECONDS = 60;
    /** Failed-delivery log lines written per second at most (the rest are counted, not written). */
    public static final int REDELIVERY_LOG_PER_SECOND = 1;
    /** Queues are created on first use unless switched off (production configurations should). */
    public static final boolean AUTO_CREATE_QUEUES = true;
    /** Longest single long poll a blocked receive() issues; it loops until its own timeout. */
    public static final int MAX_POLL_SECONDS = 20;
    /** DUPS_OK_ACKNOWLEDGE deletes in batches of this many (or when the consumer idles). */
    public static final int DUPS_OK_BATCH = 10;
    /** The acknowledge mode of the Amazon SQS JMS library: acknowledge() deletes that one message. */
    public static final int UNORDERED_ACKNOWLEDGE = 100;
    /**
     * Whether acknowledge() (CLIENT, UNORDERED) and the automatic acknowledgement of AUTO_ACKNOWLEDGE
     * return before their delete has committed. Off: an acknowledgement that returned is durable.
     * On: a crash in that window redelivers the message (at least once, as SQS allows).
     */
    public static final boolean ASYNC_ACKNOWLEDGE = false;
    /**
     * With asynchronous acknowledgement, how many acknowledged messages a session may have whose
     * deletes have not committed yet; one more acknowledgement waits until some commit.
     */
    public static final int MAX_PENDING_ASYNC_ACKS = 1000;
    public static final String STORE_URL = "jdbc:h2:file:./data/jaqs";
}
