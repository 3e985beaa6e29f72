package io.jaqs.broker;

/**
 * What a send returns. {@code sequenceNumber} is set for FIFO queues. {@code duplicate} is true
 * when a FIFO send was dropped by deduplication (SQS reports success with the first message's id).
 */
public record SendMessageResult(String messageId, String md5OfMessageBody, String md5OfMessageAttributes,
                                String sequenceNumber, boolean duplicate) {
}
