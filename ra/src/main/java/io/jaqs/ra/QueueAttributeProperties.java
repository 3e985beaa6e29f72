package io.jaqs.ra;

import io.jaqs.broker.QueueAttributeName;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQS queue attributes given as JavaBean properties in a server's configuration (on a
 * {@code jakarta.jms.Queue} admin object, an activation spec, or the adapter as defaults):
 * {@code redrivePolicy} (SQS's JSON), or its two parts {@code deadLetterQueue} and
 * {@code maxReceiveCount} (no JSON to escape in asadmin or jboss-cli), {@code visibilityTimeout},
 * {@code delaySeconds}, {@code messageRetentionPeriod}, and {@code attributes} for any other
 * settable attribute ({@code Name=value;Name2=value2}). The store validates the values when they are
 * applied; {@link #toMap(String)} rejects the combinations it can judge alone.
 */
final class QueueAttributeProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    String redrivePolicy;
    String deadLetterQueue;
    Integer maxReceiveCount;
    Integer visibilityTimeout;
    Integer delaySeconds;
    Integer messageRetentionPeriod;
    String attributes;

    boolean isEmpty() {
        return redrivePolicy == null && deadLetterQueue == null && maxReceiveCount == null && visibilityTimeout == null
                && delaySeconds == null && messageRetentionPeriod == null && attributes == null;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The SQS attributes these properties give, by SQS name.
     *
     * @param owner names the configured object in error messages
     * @throws IllegalArgumentException naming the property, for a combination that cannot work
     */
    Map<String, String> toMap(String owner) {
        Map<String, String> m = parse(attributes, owner);
        if (redrivePolicy != null && (deadLetterQueue != null || maxReceiveCount != null)) {
            throw new IllegalArgumentException(owner + ": set either redrivePolicy or deadLetterQueue and maxReceiveCount, not both");
        }
        if (maxReceiveCount != null && deadLetterQueue == null) {
            throw new IllegalArgumentException(owner + ": maxReceiveCount needs deadLetterQueue (the queue that takes the messages)");
        }
        if (deadLetterQueue != null) {
            if (maxReceiveCount == null) {
                throw new IllegalArgumentException(owner + ": deadLetterQueue needs maxReceiveCount (receives before a message moves there)");
            }
            if (!deadLetterQueue.matches("[A-Za-z0-9_:.-]+")) { // a name or an ARN; the store checks the rest
                throw new IllegalArgumentException(owner + ": deadLetterQueue '" + deadLetterQueue + "' is not a queue name");
            }
            m.put(QueueAttributeName.RedrivePolicy.name(),
                    "{\"deadLetterTargetArn\":\"" + deadLetterQueue + "\",\"maxReceiveCount\":" + maxReceiveCount + "}");
        } else if (redrivePolicy != null) {
            m.put(QueueAttributeName.RedrivePolicy.name(), redrivePolicy);
        }
        putIf(m, QueueAttributeName.VisibilityTimeout, visibilityTimeout);
        putIf(m, QueueAttributeName.DelaySeconds, delaySeconds);
        putIf(m, QueueAttributeName.MessageRetentionPeriod, messageRetentionPeriod);
        return m;
    }

    /** {@link #toMap}, a bad combination as the InvalidPropertyException servers report. */
    Map<String, String> toMapOrInvalid(String owner) throws jakarta.resource.spi.InvalidPropertyException {
        try {
            return toMap(owner);
        } catch (IllegalArgumentException e) {
            throw new jakarta.resource.spi.InvalidPropertyException(e.getMessage(), e);
        }
    }

    private static void putIf(Map<String, String> m, QueueAttributeName name, Integer value) {
        if (value != null) {
            m.put(name.name(), value.toString());
        }
    }

    /** {@code Name=value;Name2=value2} (a RedrivePolicy's JSON has no ';'), names checked against SQS's. */
    static Map<String, String> parse(String text, String owner) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return m;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(owner + ": attributes must be Name=value pairs separated by ';', not '" + entry.trim() + "'");
            }
            String name = entry.substring(0, eq).trim();
            if (!QueueAttributeName.find(name).map(QueueAttributeName::settable).orElse(false)) {
                throw new IllegalArgumentException(owner + ": '" + name + "' is not a settable SQS queue attribute");
            }
            m.put(name, entry.substring(eq + 1).trim());
        }
        return m;
    }

    boolean same(QueueAttributeProperties o) {
        return java.util.Objects.equals(redrivePolicy, o.redrivePolicy) && java.util.Objects.equals(deadLetterQueue, o.deadLetterQueue)
                && java.util.Objects.equals(maxReceiveCount, o.maxReceiveCount) && java.util.Objects.equals(visibilityTimeout, o.visibilityTimeout)
                && java.util.Objects.equals(delaySeconds, o.delaySeconds)
                && java.util.Objects.equals(messageRetentionPeriod, o.messageRetentionPeriod) && java.util.Objects.equals(attributes, o.attributes);
    }

    int hash() {
        return java.util.Objects.hash(redrivePolicy, deadLetterQueue, maxReceiveCount, visibilityTimeout, delaySeconds,
                messageRetentionPeriod, attributes);
    }
}
