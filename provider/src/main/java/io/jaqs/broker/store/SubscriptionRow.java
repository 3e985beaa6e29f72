package io.jaqs.broker.store;

/**
 * A topic subscription as stored: the queue it fills, its filter, and for non-durable ones the
 * broker instance that owns it and until when ({@code leaseUntil}; durable ones never expire).
 */
public record SubscriptionRow(long id, String topic, String kind, String clientId, String name, boolean durable,
                              long queueId, String selector, String noLocalPublisher, String owner, long leaseUntil,
                              long createdAt) {
}
