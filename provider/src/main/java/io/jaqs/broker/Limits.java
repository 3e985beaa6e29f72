package io.jaqs.broker;

import java.time.Duration;

/**
 * Every public limit and default of the broker core, in one place. Values follow Amazon SQS and
 * match README.md ("SQS defaults and limits") and docs/architecture.md (SQS semantics); change them
 * together.
 */
public final class Limits {
    private Limits() {
    }

    // Queue attributes: defaults and ranges
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);
    /**
     * A message's in-flight time is capped at this much from the receive that took it (each receive
     * starts a new in-flight period); ChangeMessageVisibility cannot extend it further.
     */
    public static final Duration MAX_IN_FLIGHT_TIME = Duration.ofHours(12);

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(4);
    public static final Duration MIN_RETENTION = Duration.ofSeconds(60);
    public static final Duration MAX_RETENTION = Duration.ofDays(14);

    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    public static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

    public static final int MIN_MESSAGE_SIZE_LIMIT = 1_024;
    public static final int MAX_MESSAGE_SIZE = 1_048_576;

    public static final int MAX_BATCH_ENTRIES = 10;
    public static final int MAX_RECEIVE_MESSAGES = 10;
    public static final int MAX_BATCH_ENTRY_ID_LENGTH = 80;

    /** Message attributes per message over the SQS API; JMS properties are not limited by it. */
    public static final int MAX_MESSAGE_ATTRIBUTES = 10;
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 256;

    public static final int MIN_MAX_RECEIVE_COUNT = 1;
    public static final int MAX_MAX_RECEIVE_COUNT = 1000;
    public static final int MAX_REDRIVE_ALLOW_SOURCES = 10;

    public static final int MAX_QUEUE_NAME_LENGTH = 80;
    public static final String FIFO_SUFFIX = ".fifo";

    public static final Duration DEDUPLICATION_INTERVAL = Duration.ofMinutes(5);
    /** A FIFO ReceiveRequestAttemptId is remembered this long, like SQS. */
    public static final Duration RECEIVE_ATTEMPT_INTERVAL = Duration.ofMinutes(5);
    public static final int MAX_GROUP_ID_LENGTH = 128;
    public static final int MAX_DEDUPLICATION_ID_LENGTH = 128;

    public static final int MAX_IN_FLIGHT_STANDARD = 120_000;
    public static final int MAX_IN_FLIGHT_FIFO = 120_000;

    public static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_KEY_LENGTH = 128;
    public static final int MAX_TAG_VALUE_LENGTH = 256;

    /** Message move tasks: at most this many messages per second when a velocity is given. */
    public static final int MAX_MOVE_VELOCITY = 500;

    /**
     * Standard queues deliver higher JMS priority first, best effort: a message of priority p
     * (0–9) sorts as if it had become visible {@code p × PRIORITY_STEP} earlier, so it overtakes
     * lower-priority messages that became visible less than that long before it. This keeps the
     * receive an index range scan whatever the queue depth (docs/architecture.md, store facts).
     */
    public static final Duration PRIORITY_STEP = Duration.ofHours(1);
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 9;

    /**
     * Fair queues (a MessageGroupId on a standard queue, {@link FairSchedule}): a group's messages are
     * spaced this far apart in the receive order's key, starting at most {@link #FAIR_WINDOW} before
     * their send. A group sending faster than one message per spacing (10/s) uses up its head start
     * and its further messages queue in arrival order; a group's few new messages overtake the
     * backlog other groups sent within the window.
     */
    public static final Duration FAIR_SPACING = Duration.ofMillis(100);
    public static final Duration FAIR_WINDOW = Duration.ofMinutes(15);
    /** Groups whose schedule a node remembers per standard queue before forgetting the idle ones. */
    public static final int FAIR_TRACKED_GROUPS = 100_000;

    /** How often expired messages and dedup entries are removed. */
    public static final Duration REAPER_INTERVAL = Duration.ofSeconds(10);

    // The embedded H2 file's footprint (#15; README, "What the H2 file holds")
    /**
     * How often the broker asks an embedded H2 store whether to compact: when no commit changed a row
     * since the previous look (so for at least this long), the file is compacted while the application runs.
     */
    public static final Duration STORE_IDLE_CHECK = Duration.ofSeconds(10);
    /** An idle H2 file larger than its live data + this many bytes is compacted. */
    public static final long STORE_FILE_SLACK_BYTES = 64L << 20;
    /** How long an idle compaction waits for in-flight reads to finish before it gives up until the next look. */
    public static final Duration STORE_COMPACTION_READ_WAIT = Duration.ofSeconds(5);
    /** How durable a returned send is unless configured otherwise (README, "durability": {@code process}). */
    public static final io.jaqs.broker.store.Durability DEFAULT_DURABILITY = io.jaqs.broker.store.Durability.PROCESS;
    /** Connections of the store's read pool a broker opens with (the writer has its own); {@code jaqsPoolSize} in the URL overrides it. */
    public static final int STORE_READ_POOL_SIZE = 4;

    // Operations (#21)
    /** How long {@code checkHealth()} waits for each store round trip (a read, a write through the writer). */
    public static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How old a queue's sampled counts and age of oldest message may be before a reader (a metrics
     * scrape, JMX, the console) takes a new sample: a sample reads the queue's whole index range, so
     * scrapes share it instead of each scanning a deep queue. CloudWatch's own period for these is 1 minute.
     */
    public static final Duration QUEUE_SAMPLE_MAX_AGE = Duration.ofSeconds(60);
    /** ApproximateAgeOfOldestMessage leaves out messages received this many times or more, as CloudWatch does. */
    public static final int OLDEST_AGE_RECEIVE_LIMIT = 3;

    // Security (#20)
    /** PBKDF2 iterations of a password hash the HashPassword command prints (OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000). */
    public static final int PASSWORD_HASH_ITERATIONS = 210_000;
    /** The fewest PBKDF2 iterations a configured hash may have; fewer is refused as too cheap to guess. */
    public static final int MIN_PASSWORD_HASH_ITERATIONS = 1_000;
    /** Bytes of random salt per password hash. */
    public static final int PASSWORD_SALT_BYTES = 16;
    /** Bytes of derived key per password hash. */
    public static final int PASSWORD_HASH_BYTES = 32;

    // Queue policies written by AddPermission (SQS's policy quotas; QueueGrants enforces them)
    /** Statements (AddPermission labels) in one queue's Policy. */
    public static final int MAX_POLICY_STATEMENTS = 20;
    /** Principals (account ids) over all statements of one queue's Policy. */
    public static final int MAX_POLICY_PRINCIPALS = 50;
    /** Actions in one statement (one AddPermission call). */
    public static final int MAX_POLICY_STATEMENT_ACTIONS = 7;
    /** Characters of an AddPermission label (letters, digits, - and _). */
    public static final int MAX_PERMISSION_LABEL_LENGTH = 80;
    /** Characters of an AddPermission account id: a Jaqs user or role name (IAM's user name rule) or a 12-digit AWS account id. */
    public static final int MAX_PRINCIPAL_NAME_LENGTH = 64;

    /** A visibility timeout (receive, change, transaction) within SQS's range, else InvalidParameterValue naming it. */
    public static void checkVisibilityTimeout(long seconds) {
        if (seconds < 0 || seconds > MAX_VISIBILITY_TIMEOUT.toSeconds()) {
            throw BrokerException.invalidParameter("VisibilityTimeout must be from 0 to " + MAX_VISIBILITY_TIMEOUT.toSeconds()
                    + " s, got " + seconds);
        }
    }
}
