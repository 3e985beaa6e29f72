package io.jaqs.jms;

/**
 * How long a message released after a failed delivery (a listener that threw, recover, rollback)
 * stays invisible before its next delivery, growing with each attempt as ActiveMQ Artemis's
 * redelivery delay and multiplier do: the first redelivery waits {@code initialSeconds}; each
 * later one waits {@code multiplier} times the one before, counting from at least one second;
 * never more than {@code maxSeconds} (or {@code initialSeconds} when that is larger). With the
 * defaults ({@link JmsDefaults}): 0, 1, 2, 4, ... 32, 60, 60 s, so a message that always fails
 * is delivered about 10 times in its first 5 minutes instead of thousands of times a second,
 * while one failure and a retry (what the JMS TCK checks) still redelivers at once.
 * {@code maxSeconds = 0} with {@code initialSeconds = 0} turns the backoff off.
 */
public record RedeliveryBackoff(int initialSeconds, double multiplier, int maxSeconds) {
    /** The longest delay a setting may ask for: SQS's 12 h visibility limit. */
    public static final int MAX_SECONDS = (int) io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds();

    public RedeliveryBackoff {
        if (initialSeconds < 0 || initialSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("redeliveryDelaySeconds must be from 0 to " + MAX_SECONDS + ", got " + initialSeconds);
        }
        if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
            throw new IllegalArgumentException("redeliveryMultiplier must be from 1.0 to 100.0, got " + multiplier);
        }
        if (maxSeconds < 0 || maxSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("maxRedeliveryDelaySeconds must be from 0 to " + MAX_SECONDS + ", got " + maxSeconds);
        }
    }

    /**
     * Seconds to wait before delivering again a message whose delivery number {@code deliveryCount}
     * (its JMSXDeliveryCount, 1 for the first delivery) failed.
     */
    public int delaySeconds(int deliveryCount) {
        int cap = Math.max(maxSeconds, initialSeconds);
        if (deliveryCount <= 1) {
            return Math.min(initialSeconds, cap);
        }
        double d = initialSeconds > 0 ? initialSeconds * Math.pow(multiplier, deliveryCount - 1.0)
                : Math.pow(multiplier, deliveryCount - 2.0); // no initial delay: growing from 1 s at the second redelivery
        return (int) Math.min(cap, Math.round(d));
    }
}
