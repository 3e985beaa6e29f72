package io.jaqs.broker;

/** A send that passed validation: everything but the store's ids and times is decided. */
record PreparedSend(QueueState queue, SendMessageRequest request, String messageId, byte[] attributes,
                    String md5OfBody, String md5OfAttributes) {
}
