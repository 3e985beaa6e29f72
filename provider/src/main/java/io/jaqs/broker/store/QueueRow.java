package io.jaqs.broker.store;

/** A queue as stored. {@code attributes} and {@code tags} are encoded by the core. */
public record QueueRow(long id, String name, boolean fifo, String attributes, String tags,
                       long createdAt, long modifiedAt, long purgedAt) {
}
