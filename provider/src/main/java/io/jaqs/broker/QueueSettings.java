package io.jaqs.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settable attributes of one queue, validated. Immutable: {@link #with} returns a copy.
 * Ranges and defaults come from {@link Limits}.
 */
public final class QueueSettings {
    private final boolean fifo;
    private final Map<QueueAttributeName, String> values; // every settable attribute that has a value

    private QueueSettings(boolean fifo, Map<QueueAttributeName, String> values) {
        this.fifo = fifo;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The settings of a new queue with no attributes given. */
    public static QueueSettings defaults(boolean fifo) {
        Map<QueueAttributeName, String> v = new LinkedHashMap<>();
        v.put(QueueAttributeName.VisibilityTimeout, Long.toString(Limits.DEFAULT_VISIBILITY_TIMEOUT.toSeconds()));
        v.put(QueueAttributeName.DelaySeconds, "0");
        v.put(QueueAttributeName.MessageRetentionPeriod, Long.toString(Limits.DEFAULT_RETENTION.toSeconds()));
        v.put(QueueAttributeName.MaximumMessageSize, Integer.toString(Limits.MAX_MESSAGE_SIZE));
        v.put(QueueAttributeName.ReceiveMessageWaitTimeSeconds, "0");
        v.put(QueueAttributeName.SqsManagedSseEnabled, "false");
        if (fifo) {
            v.put(QueueAttributeName.FifoQueue, "true");
            v.put(QueueAttributeName.ContentBasedDeduplication, "false");
            v.put(QueueAttributeName.DeduplicationScope, "queue");
            v.put(QueueAttributeName.FifoThroughputLimit, "perQueue");
        }
        return new QueueSettings(fifo, v);
    }

    /** Settings for {@code createQueue(name, attributes)}: FIFO follows the name, checked against the FifoQueue attribute. */
    public static QueueSettings forCreate(String queueName, Map<String, String> attributes) {
        boolean fifoName = QueueNames.isFifoName(queueName);
        String fifoAttr = attributes == null ? null : attributes.get(QueueAttributeName.FifoQueue.name());
        if (fifoAttr != null) {
            boolean fifoRequested = parseBoolean(QueueAttributeName.FifoQueue, fifoAttr);
            if (fifoRequested != fifoName) {
                throw BrokerException.invalidAttribute(fifoRequested
                        ? "The name of a FIFO queue must end with .fifo: " + queueName
                        : "A queue whose name ends with .fifo must be a FIFO queue: " + queueName);
            }
        }
        return defaults(fifoName).with(attributes, true);
    }

    /** Rebuilds settings read back from the store (already validated when written). */
    public static QueueSettings fromStored(boolean fifo, Map<String, String> stored) {
        Map<QueueAttributeName, String> v = new LinkedHashMap<>(defaults(fifo).values);
        stored.forEach((k, val) -> QueueAttributeName.find(k).ifPresent(n -> v.put(n, val)));
        return new QueueSettings(fifo, v);
    }

    /**
     * A copy with the given attributes changed, each checked against SQS's rules.
     *
     * @param creating true while creating the queue (FifoQueue may be given only then)
     */
    public QueueSettings with(Map<String, String> attributes, boolean creating) {
        if (attributes == null || attributes.isEmpty()) {
            return this;
        }
        Map<QueueAttributeName, String> v = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            QueueAttributeName name = QueueAttributeName.find(e.getKey())
                    .filter(QueueAttributeName::settable)
                    .orElseThrow(() -> new BrokerException(ErrorCode.INVALID_ATTRIBUTE_NAME,
                            "Unknown or read-only queue attribute: " + e.getKey()));
            String value = e.getValue() == null ? "" : e.getValue().trim();
            switch (name) {
                case VisibilityTimeout -> value = range(name, value, 0, Limits.MAX_VISIBILITY_TIMEOUT.toSeconds());
                case DelaySeconds -> value = range(name, value, 0, Limits.MAX_DELAY.toSeconds());
                case MessageRetentionPeriod -> value = range(name, value, Limits.MIN_RETENTION.toSeconds(),
                        Limits.MAX_RETENTION.toSeconds());
                case MaximumMessageSize -> value = range(name, value, Limits.MIN_MESSAGE_SIZE_LIMIT, Limits.MAX_MESSAGE_SIZE);
                case ReceiveMessageWaitTimeSeconds -> value = range(name, value, 0, Limits.MAX_WAIT_TIME.toSeconds());
                case KmsDataKeyReusePeriodSeconds -> value = range(name, value, 60, 86_400);
                case RedrivePolicy -> {
                    if (!value.isEmpty()) {
                        value = io.jaqs.broker.RedrivePolicy.parse(value).toJson();
                    }
                }
                case RedriveAllowPolicy -> {
                    if (!value.isEmpty()) {
                        value = io.jaqs.broker.RedriveAllowPolicy.parse(value).toJson();
                    }
                }
                case FifoQueue -> {
                    if (!creating) {
                        throw BrokerException.invalidAttribute("FifoQueue can be set only when a queue is created");
                    }
                    if (parseBoolean(name, value) != fifo) {
                        throw BrokerException.invalidAttribute("FifoQueue=" + value + " does not match the queue type");
                    }
                    value = Boolean.toString(fifo);
                }
                case ContentBasedDeduplication -> {
                    fifoOnly(name);
                    value = Boolean.toString(parseBoolean(name, value));
                }
                case DeduplicationScope -> {
                    fifoOnly(name);
                    oneOf(name, value, "queue", "messageGroup");
                }
                case FifoThroughputLimit -> {
                    fifoOnly(name);
                    oneOf(name, value, "perQueue", "perMessageGroupId");
                }
                case SqsManagedSseEnabled -> value = Boolean.toString(parseBoolean(name, value));
                default -> { } // Policy, KmsMasterKeyId: stored as given
            }
            if (value.isEmpty() && (name == QueueAttributeName.RedrivePolicy || name == QueueAttributeName.RedriveAllowPolicy
                    || name == QueueAttributeName.Policy || name == QueueAttributeName.KmsMasterKeyId)) {
                v.remove(name); // SQS removes these with an empty value
            } else if (name == QueueAttributeName.FifoQueue && !fifo) {
                v.remove(name); // FifoQueue=false is accepted on a standard queue, but SQS reports FifoQueue for FIFO queues only
            } else {
                v.put(name, value);
            }
        }
        // SQS: "The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup"
        // (the other way round, deduplication per group with the per-queue limit, is allowed)
        if ("perMessageGroupId".equals(v.get(QueueAttributeName.FifoThroughputLimit))
                && !"messageGroup".equals(v.get(QueueAttributeName.DeduplicationScope))) {
            throw BrokerException.invalidAttribute(
                    "FifoThroughputLimit=perMessageGroupId requires DeduplicationScope=messageGroup");
        }
        return new QueueSettings(fifo, v);
    }

    /** SQS answers a FIFO-only attribute on a standard queue with InvalidAttributeName ("Unknown Attribute"). */
    private void fifoOnly(QueueAttributeName name) {
        if (!fifo) {
            throw new BrokerException(ErrorCode.INVALID_ATTRIBUTE_NAME, "Unknown attribute " + name
                    + " for a standard queue: it is only valid for FIFO queues");
        }
    }

    private static void oneOf(QueueAttributeName name, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw BrokerException.invalidAttribute(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    /** @return the value in canonical form ("045" and "+45" are 45), so equal settings compare equal */
    private static String range(QueueAttributeName name, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw BrokerException.invalidAttribute(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
        }
        if (n < min || n > max) {
            throw BrokerException.invalidAttribute(name + " must be from " + min + " to " + max + ", got " + n);
        }
        return Long.toString(n);
    }

    private static boolean parseBoolean(QueueAttributeName name, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw BrokerException.invalidAttribute(name + " must be true or false, got '" + value + "'");
    }

    public boolean fifo() {
        return fifo;
    }

    public int visibilityTimeoutSeconds() {
        return Integer.parseInt(values.get(QueueAttributeName.VisibilityTimeout));
    }

    public int delaySeconds() {
        return Integer.parseInt(values.get(QueueAttributeName.DelaySeconds));
    }

    public int retentionSeconds() {
        return Integer.parseInt(values.get(QueueAttributeName.MessageRetentionPeriod));
    }

    public int maximumMessageSize() {
        return Integer.parseInt(values.get(QueueAttributeName.MaximumMessageSize));
    }

    public int receiveWaitTimeSeconds() {
        return Integer.parseInt(values.get(QueueAttributeName.ReceiveMessageWaitTimeSeconds));
    }

    public boolean contentBasedDeduplication() {
        return Boolean.parseBoolean(values.get(QueueAttributeName.ContentBasedDeduplication));
    }

    public boolean deduplicationPerGroup() {
        return "messageGroup".equals(values.get(QueueAttributeName.DeduplicationScope));
    }

    /** The dead-letter rule, or null. */
    public RedrivePolicy redrivePolicy() {
        String json = values.get(QueueAttributeName.RedrivePolicy);
        return json == null ? null : RedrivePolicy.parse(json);
    }

    public RedriveAllowPolicy redriveAllowPolicy() {
        String json = values.get(QueueAttributeName.RedriveAllowPolicy);
        return json == null ? RedriveAllowPolicy.ALLOW_ALL : RedriveAllowPolicy.parse(json);
    }

    /** Every settable attribute that has a value, by SQS name. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k.name(), v));
        return m;
    }

    /**
     * The first of the named attributes whose value differs between the two, for CreateQueue's
     * rule that an existing queue may be "created" again only with the same attributes; null when
     * equal. Only the attributes a request names count: SQS "returns this error only if the request
     * includes attributes whose values differ from those of the existing queue".
     */
    public String firstDifference(QueueSettings other, java.util.Collection<String> names) {
        if (fifo != other.fifo) {
            return QueueAttributeName.FifoQueue.name();
        }
        for (QueueAttributeName n : QueueAttributeName.values()) {
            if (names.contains(n.name()) && !Objects.equals(values.get(n), other.values.get(n))) {
                return n.name();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueSettings s && fifo == s.fifo && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fifo, values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
