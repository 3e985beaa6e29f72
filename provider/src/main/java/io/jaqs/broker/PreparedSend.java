package io.jaqs.broker;

/**
 * A send that passed validation: everything but the store's ids and times is decided. Made here
 * only: {@link #of} (a send to a queue), {@link #forTopic} (the template of a publish) and
 * {@link #to} (a template's copy for one subscription's queue).
 */
record PreparedSend(QueueState queue, SendMessageRequest request, String messageId, byte[] attributes,
                    String md5OfBody, String md5OfAttributes) {

    /** A send to {@code q}, checked against SQS's rules and the queue's settings, with a new message id. */
    static PreparedSend of(QueueState q, SendMessageRequest request) {
        RequestValidator.validate(q, request);
        return encoded(q, request, CoreContext.randomUuid());
    }

    /** Checks what can be checked of a publish before the subscriptions are known; each copy is checked against its queue. */
    static PreparedSend forTopic(String topic, SendMessageRequest request) {
        if (topic == null || topic.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A topic name is required");
        }
        return encoded(null, request, CoreContext.randomUuid());
    }

    /**
     * A send already checked and named (a prepared XA branch read back, a publish's template):
     * only its stored form and MD5s are computed. {@code q} may be null for a publish's template.
     */
    static PreparedSend encoded(QueueState q, SendMessageRequest request, String messageId) {
        return new PreparedSend(q, request, messageId, AttributeCodec.encode(request.storedAttributes()),
                AttributeCodec.md5Hex(request.body()), AttributeCodec.md5OfAttributes(request.attributes()));
    }

    /** This publish template's copy for one subscription's queue, checked against that queue. */
    PreparedSend to(QueueState q) {
        RequestValidator.validate(q, request);
        return new PreparedSend(q, request, messageId, attributes, md5OfBody, md5OfAttributes);
    }
}
