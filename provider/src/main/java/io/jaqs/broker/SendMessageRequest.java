package io.jaqs.broker;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message to send. Built with {@link #builder(byte[])}; immutable.
 *
 * <p>SQS fields: body, message attributes, DelaySeconds (0–15 min, standard queues only),
 * MessageGroupId and MessageDeduplicationId (FIFO). Provider fields used by the JMS facade:
 * an absolute {@link Builder#deliveryTime(Instant) delivery time} (JMS deliveryDelay, any length
 * within retention, FIFO too), an {@link Builder#expiration(Instant) expiration} (JMS time-to-live),
 * a priority (0–9) and {@link Builder#providerAttributeRules() provider attribute rules}, under
 * which the SQS limits on attribute count and names (≤ 10, no '$') do not apply.
 */
public final class SendMessageRequest {
    private final byte[] body;
    private final Map<String, MessageAttributeValue> attributes;
    private final Integer delaySeconds;
    private final Instant deliveryTime;
    private final Instant expiration;
    private final Integer priority;
    private final String messageGroupId;
    private final String messageDeduplicationId;
    private final boolean providerAttributeRules;
    private final String awsTraceHeader;

    private SendMessageRequest(Builder b) {
        this.body = b.body;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.delaySeconds = b.delaySeconds;
        this.deliveryTime = b.deliveryTime;
        this.expiration = b.expiration;
        this.priority = b.priority;
        this.messageGroupId = b.messageGroupId;
        this.messageDeduplicationId = b.messageDeduplicationId;
        this.providerAttributeRules = b.providerAttributeRules;
        this.awsTraceHeader = b.awsTraceHeader;
    }

    public static Builder builder(byte[] body) {
        return new Builder(body);
    }

    public static Builder builder(String body) {
        return new Builder(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public byte[] body() {
        return body;
    }

    public Map<String, MessageAttributeValue> attributes() {
        return attributes;
    }

    public Integer delaySeconds() {
        return delaySeconds;
    }

    public Instant deliveryTime() {
        return deliveryTime;
    }

    public Instant expiration() {
        return expiration;
    }

    public Integer priority() {
        return priority;
    }

    public String messageGroupId() {
        return messageGroupId;
    }

    public String messageDeduplicationId() {
        return messageDeduplicationId;
    }

    public boolean providerAttributeRules() {
        return providerAttributeRules;
    }

    /** SQS's {@code AWSTraceHeader} message system attribute (an X-Ray trace header), or null. */
    public String awsTraceHeader() {
        return awsTraceHeader;
    }

    /**
     * The attributes as stored: the message attributes and, when set, the trace header under the
     * reserved {@link TraceHeaders#STORED_AWS_TRACE_HEADER} (hidden from JMS properties and from SQS
     * message attributes, outside SQS's limits of 10 attributes and of the message size, as SQS counts
     * system attributes).
     */
    Map<String, MessageAttributeValue> storedAttributes() {
        if (awsTraceHeader == null) {
            return attributes;
        }
        Map<String, MessageAttributeValue> all = new LinkedHashMap<>(attributes);
        all.put(TraceHeaders.STORED_AWS_TRACE_HEADER, MessageAttributeValue.string(awsTraceHeader));
        return all;
    }

    public static final class Builder {
        private final byte[] body;
        private final Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        private Integer delaySeconds;
        private Instant deliveryTime;
        private Instant expiration;
        private Integer priority;
        private String messageGroupId;
        private String messageDeduplicationId;
        private boolean providerAttributeRules;
        private String awsTraceHeader;

        private Builder(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
        }

        public Builder attribute(String name, MessageAttributeValue value) {
            attributes.put(name, value);
            return this;
        }

        public Builder attributes(Map<String, MessageAttributeValue> values) {
            attributes.putAll(values);
            return this;
        }

        public Builder delaySeconds(int seconds) {
            this.delaySeconds = seconds;
            return this;
        }

        public Builder deliveryTime(Instant time) {
            this.deliveryTime = time;
            return this;
        }

        public Builder expiration(Instant time) {
            this.expiration = time;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder messageGroupId(String id) {
            this.messageGroupId = id;
            return this;
        }

        public Builder messageDeduplicationId(String id) {
            this.messageDeduplicationId = id;
            return this;
        }

        /** JMS rules for attributes: no limit of 10, names are Java identifiers. */
        public Builder providerAttributeRules() {
            this.providerAttributeRules = true;
            return this;
        }

        /** SQS's {@code AWSTraceHeader} message system attribute: an X-Ray trace header, printable ASCII. */
        public Builder awsTraceHeader(String header) {
            this.awsTraceHeader = header;
            return this;
        }

        public SendMessageRequest build() {
            return new SendMessageRequest(this);
        }
    }
}
