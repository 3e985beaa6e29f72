package io.jaqs.broker;

import java.time.Instant;
import java.util.Map;

/**
 * A message as a receive (or a browse, without a receipt handle) returns it, with SQS's system
 * attributes as fields.
 */
public record ReceivedMessage(String messageId, String receiptHandle, byte[] body, String md5OfBody,
                              Map<String, MessageAttributeValue> attributes, Instant sentTimestamp,
                              int approximateReceiveCount, Instant approximateFirstReceiveTimestamp,
                              String messageGroupId, String messageDeduplicationId, String sequenceNumber,
                              String deadLetterQueueSourceArn, Integer priority, Instant expiration) {

    /** SQS's {@code AWSTraceHeader} system attribute the message was sent with, or null. */
    public String awsTraceHeader() {
        MessageAttributeValue v = attributes == null ? null : attributes.get(TraceHeaders.STORED_AWS_TRACE_HEADER);
        return v == null || v.isBinary() ? null : v.stringValue();
    }

    public String bodyAsString() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
