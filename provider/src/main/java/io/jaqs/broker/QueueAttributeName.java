package io.jaqs.broker;

import java.util.Arrays;
import java.util.Optional;

/** Queue attribute names, spelled as SQS spells them. */
public enum QueueAttributeName {
    // settable
    VisibilityTimeout(true),
    DelaySeconds(true),
    MessageRetentionPeriod(true),
    MaximumMessageSize(true),
    ReceiveMessageWaitTimeSeconds(true),
    RedrivePolicy(true),
    RedriveAllowPolicy(true),
    FifoQueue(true),
    ContentBasedDeduplication(true),
    DeduplicationScope(true),
    FifoThroughputLimit(true),
    /** Stored and reported; Jaqs does not evaluate IAM policies. */
    Policy(true),
    /** Stored and reported; encryption at rest is the database's business. */
    KmsMasterKeyId(true),
    KmsDataKeyReusePeriodSeconds(true),
    SqsManagedSseEnabled(true),
    // read-only
    All(false),
    ApproximateNumberOfMessages(false),
    ApproximateNumberOfMessagesNotVisible(false),
    ApproximateNumberOfMessagesDelayed(false),
    CreatedTimestamp(false),
    LastModifiedTimestamp(false),
    QueueArn(false);

    private final boolean settable;

    QueueAttributeName(boolean settable) {
        this.settable = settable;
    }

    public boolean settable() {
        return settable;
    }

    public static Optional<QueueAttributeName> find(String name) {
        return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst();
    }
}
