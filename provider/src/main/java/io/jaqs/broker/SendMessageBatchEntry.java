package io.jaqs.broker;

/** One entry of a send batch: the caller's entry id (1–80 of [A-Za-z0-9_-]) and the message. */
public record SendMessageBatchEntry(String id, SendMessageRequest request) {
}
