package io.jaqs.broker;

/**
 * How the {@link Broker} SPI names a queue: its bare name, valid by the SQS rule
 * ({@link QueueNames#validate}). A front end turns what it is given (a JMS destination, a
 * configured name, an SQS request's QueueUrl) into one once, keeps it and passes it on; URLs are
 * SQS's wire form, read by {@link #fromUrl} alone.
 */
public record QueueName(String name) {

    /** Throws {@link ErrorCode#INVALID_PARAMETER_VALUE} naming the rule unless the name is valid. */
    public QueueName {
        QueueNames.validate(name);
    }

    /** A queue's name; {@link ErrorCode#INVALID_PARAMETER_VALUE} naming the rule when it is not a valid one. */
    public static QueueName of(String name) {
        return new QueueName(name);
    }

    /**
     * The queue a queue URL designates: its last path segment, so Jaqs' own URLs
     * ({@code http://host:port/<account>/<name>}), AWS's ({@code https://sqs.<region>.amazonaws.com/<account>/<name>})
     * and a bare name all do. Null or empty: {@link ErrorCode#MISSING_PARAMETER}. A last segment that
     * is no valid name: {@link ErrorCode#QUEUE_DOES_NOT_EXIST}, as a lookup answers, since no queue
     * can have that name.
     */
    public static QueueName fromUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A queue URL or name is required");
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        if (!QueueNames.isValid(name)) {
            throw BrokerException.noQueue(name);
        }
        return new QueueName(name);
    }

    /** Whether the name is a FIFO queue's (ends in {@code .fifo}). */
    public boolean isFifo() {
        return QueueNames.isFifoName(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
