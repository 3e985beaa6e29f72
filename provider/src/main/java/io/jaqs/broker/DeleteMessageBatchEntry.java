package io.jaqs.broker;

/** One entry of a delete batch. */
public record DeleteMessageBatchEntry(String id, String receiptHandle) {
}
