package io.jaqs.broker;

/** One entry of a change-visibility batch. */
public record ChangeVisibilityBatchEntry(String id, String receiptHandle, int visibilityTimeoutSeconds) {
}
