package io.jaqs.broker;

import java.util.regex.Pattern;

/** Queue name rules (SQS): 1–80 characters of [A-Za-z0-9_-]; FIFO names end in ".fifo". */
public final class QueueNames {
    private static final Pattern BASE = Pattern.compile("[A-Za-z0-9_-]+");

    private QueueNames() {
    }

    public static boolean isFifoName(String name) {
        return name != null && name.endsWith(Limits.FIFO_SUFFIX);
    }

    /** Whether {@link #validate} accepts the name. */
    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= Limits.MAX_QUEUE_NAME_LENGTH
                && BASE.matcher(base(name)).matches();
    }

    private static String base(String name) {
        return isFifoName(name) ? name.substring(0, name.length() - Limits.FIFO_SUFFIX.length()) : name;
    }

    /** Checks a queue name; throws {@link ErrorCode#INVALID_PARAMETER_VALUE} naming the rule. */
    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw BrokerException.invalidParameter("Queue name must not be empty");
        }
        if (name.length() > Limits.MAX_QUEUE_NAME_LENGTH) {
            throw BrokerException.invalidParameter("Queue name '" + name + "' is " + name.length()
                    + " characters long; the limit is " + Limits.MAX_QUEUE_NAME_LENGTH);
        }
        if (!BASE.matcher(base(name)).matches()) {
            throw BrokerException.invalidParameter("Queue name '" + name
                    + "' may contain only alphanumeric characters, hyphens (-) and underscores (_)"
                    + ", with the suffix .fifo for FIFO queues, 1 to " + Limits.MAX_QUEUE_NAME_LENGTH + " characters");
        }
    }

    /**
     * The queue an SQS ARN (or a bare name) designates; null or empty: {@link ErrorCode#MISSING_PARAMETER},
     * a name no queue can have: {@link ErrorCode#QUEUE_DOES_NOT_EXIST}, as {@link QueueName#fromUrl}.
     */
    public static QueueName ofArn(String arnOrName) {
        return QueueName.fromUrl(fromArnOrName(arnOrName));
    }

    /** The queue name in an SQS ARN ({@code arn:aws:sqs:region:account:name}) or a bare name. */
    public static String fromArnOrName(String arnOrName) {
        if (arnOrName == null) {
            return null;
        }
        int colon = arnOrName.lastIndexOf(':');
        if (arnOrName.startsWith("arn:")) {
            String[] parts = arnOrName.split(":", -1);
            if (parts.length != 6 || !"sqs".equals(parts[2])) {
                throw BrokerException.invalidParameter("'" + arnOrName
                        + "' is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue name>)");
            }
        }
        return colon < 0 ? arnOrName : arnOrName.substring(colon + 1);
    }
}
