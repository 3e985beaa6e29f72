package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A receipt handle: which queue and message row it names, the token of the receive that issued it
 * and when that receive happened. Every receive draws a new token, so a handle from an earlier
 * receive of the same message no longer matches and cannot delete or change the new in-flight
 * copy. The receive time bounds how far the visibility of this in-flight copy may be extended
 * ({@link Limits#MAX_IN_FLIGHT_TIME}); it is trusted only once the token matched the store's.
 */
public record ReceiptHandle(long queueId, long messageRowId, long token, long receivedAt) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte VERSION = 2;
    private static final int LENGTH = 1 + 4 * Long.BYTES;

    public String encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(VERSION).putLong(queueId).putLong(messageRowId).putLong(token).putLong(receivedAt);
        return ENCODER.encodeToString(b.array());
    }

    /** Parses a handle; a malformed one is {@link ErrorCode#RECEIPT_HANDLE_IS_INVALID}. */
    public static ReceiptHandle decode(String handle) {
        if (handle == null || handle.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A receipt handle is required");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(handle);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                    "The receipt handle '" + abbreviate(handle) + "' is not a valid Jaqs receipt handle");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        return new ReceiptHandle(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /**
     * Parses a handle given for {@code queue}: malformed, or issued by another queue, it is
     * {@link ErrorCode#RECEIPT_HANDLE_IS_INVALID} (SQS's rule for both). Whether it is still current
     * (the message not received again since) is the store's to tell, at the write.
     */
    static ReceiptHandle forQueue(String handle, QueueState queue) {
        ReceiptHandle h = decode(handle);
        if (h.queueId() != queue.id) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                    "The receipt handle belongs to another queue than " + queue.name);
        }
        return h;
    }

    /**
     * Whether this handle is current for {@code row} in queue {@code queueId}: the row is still
     * there, in that queue, and no receive since the one that issued this handle (the token
     * matches). The one place that says what "current" means.
     */
    boolean current(MessageRow row, long queueId) {
        return namesRow(row, queueId) && row.receipt() == token;
    }

    /** Whether {@code row} is still there and in queue {@code queueId} (not deleted, not moved), received since or not. */
    static boolean namesRow(MessageRow row, long queueId) {
        return row != null && row.queueId() == queueId;
    }

    /** Current ({@link #current}) and still in flight at {@code now}: whoever holds this handle still holds the message. */
    boolean standing(MessageRow row, long queueId, long now) {
        return current(row, queueId) && row.visibleAt() > now;
    }

    /** Why this handle is not {@link #current} for {@code row}, as a transaction conflict says it. */
    String whyNotCurrent(MessageRow row, long queueId) {
        return !namesRow(row, queueId)
                ? "The message was already deleted or moved"
                : "The message was received again by another consumer since this receipt handle was issued";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
