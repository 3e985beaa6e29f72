package io.jaqs.server;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;

/**
 * An error answer as Amazon SQS sends it: the HTTP status, the JSON protocol's error shape
 * ({@code __type}, from which the SDKs pick the exception class), the legacy Query protocol code
 * (the {@code x-amzn-query-error} header, and {@code errorCode()} in the SDKs) and whether the
 * sender or the server was at fault.
 */
public final class SqsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String SQS_NAMESPACE = "com.amazonaws.sqs#";
    private static final String CORAL_NAMESPACE = "com.amazon.coral.service#";

    private final int status;
    private final String type;
    private final String queryCode;
    private final boolean senderFault;

    private SqsError(int status, String type, String queryCode, boolean senderFault, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.queryCode = queryCode;
        this.senderFault = senderFault;
    }

    public int status() {
        return status;
    }

    /** The JSON {@code __type}, e.g. {@code com.amazonaws.sqs#QueueDoesNotExist}. */
    public String type() {
        return type;
    }

    /** The Query protocol code, e.g. {@code AWS.SimpleQueueService.NonExistentQueue}. */
    public String queryCode() {
        return queryCode;
    }

    public boolean senderFault() {
        return senderFault;
    }

    /** The {@code x-amzn-query-error} header value. */
    public String queryErrorHeader() {
        return queryCode + ";" + (senderFault ? "Sender" : "Receiver");
    }

    static SqsError sqs(int status, String shape, String queryCode, String message) {
        return new SqsError(status, SQS_NAMESPACE + shape, queryCode, true, message);
    }

    static SqsError invalidParameter(String message) {
        return sqs(400, "InvalidParameterValue", "InvalidParameterValue", message);
    }

    static SqsError missingParameter(String name) {
        return sqs(400, "MissingParameter", "MissingParameter", "The request must contain the parameter " + name + ".");
    }

    static SqsError invalidAttributeName(String message) {
        return sqs(400, "InvalidAttributeName", "InvalidAttributeName", message);
    }

    /** A body that is not JSON, or a member of the wrong JSON type. */
    static SqsError serialization(String message) {
        return new SqsError(400, CORAL_NAMESPACE + "SerializationException", "SerializationException", true, message);
    }

    static SqsError unknownOperation(String message) {
        return new SqsError(400, CORAL_NAMESPACE + "UnknownOperationException", "InvalidAction", true, message);
    }

    static SqsError auth(String code, String message) {
        return new SqsError(403, CORAL_NAMESPACE + code, code, true, message);
    }

    /**
     * An authentication error SQS's API reference (Common Errors) lists with status 400:
     * IncompleteSignature, RequestExpired.
     */
    static SqsError badAuth(String code, String message) {
        return new SqsError(400, CORAL_NAMESPACE + code, code, true, message);
    }

    static SqsError tooLarge(String message) {
        return new SqsError(413, CORAL_NAMESPACE + "RequestEntityTooLarge", "RequestEntityTooLarge", true, message);
    }

    static SqsError internal(String message) {
        return new SqsError(500, CORAL_NAMESPACE + "InternalFailure", "InternalFailure", false, message);
    }

    static SqsError unavailable(String message) {
        return new SqsError(503, CORAL_NAMESPACE + "ServiceUnavailable", "ServiceUnavailable", false, message);
    }

    /** The answer to a broker failure: the SQS error shape of its code. */
    static SqsError of(BrokerException e) {
        return of(e.code(), e.getMessage());
    }

    static SqsError of(ErrorCode code, String message) {
        return switch (code) {
            case QUEUE_DOES_NOT_EXIST -> sqs(400, "QueueDoesNotExist", code.sqsCode(), message);
            case QUEUE_NAME_EXISTS -> sqs(400, "QueueNameExists", code.sqsCode(), message);
            case INVALID_ATTRIBUTE_NAME -> sqs(400, "InvalidAttributeName", code.sqsCode(), message);
            case INVALID_ATTRIBUTE_VALUE -> sqs(400, "InvalidAttributeValue", code.sqsCode(), message);
            case INVALID_PARAMETER_VALUE -> sqs(400, "InvalidParameterValue", code.sqsCode(), message);
            case MESSAGE_TOO_LONG -> sqs(400, "InvalidParameterValue", code.sqsCode(), message);
            case MISSING_PARAMETER -> sqs(400, "MissingParameter", code.sqsCode(), message);
            case RECEIPT_HANDLE_IS_INVALID -> sqs(400, "ReceiptHandleIsInvalid", code.sqsCode(), message);
            case MESSAGE_NOT_INFLIGHT -> sqs(400, "MessageNotInflight", code.sqsCode(), message);
            case OVER_LIMIT -> sqs(403, "OverLimit", code.sqsCode(), message);
            case PURGE_QUEUE_IN_PROGRESS -> sqs(403, "PurgeQueueInProgress", code.sqsCode(), message);
            case EMPTY_BATCH_REQUEST -> sqs(400, "EmptyBatchRequest", code.sqsCode(), message);
            case TOO_MANY_ENTRIES_IN_BATCH_REQUEST -> sqs(400, "TooManyEntriesInBatchRequest", code.sqsCode(), message);
            case BATCH_ENTRY_IDS_NOT_DISTINCT -> sqs(400, "BatchEntryIdsNotDistinct", code.sqsCode(), message);
            case INVALID_BATCH_ENTRY_ID -> sqs(400, "InvalidBatchEntryId", code.sqsCode(), message);
            case BATCH_REQUEST_TOO_LONG -> sqs(400, "BatchRequestTooLong", code.sqsCode(), message);
            case INVALID_MESSAGE_CONTENTS -> sqs(400, "InvalidMessageContents", code.sqsCode(), message);
            case RESOURCE_NOT_FOUND -> sqs(404, "ResourceNotFoundException", code.sqsCode(), message);
            case TRANSACTION_CONFLICT -> sqs(409, "TransactionConflict", code.sqsCode(), message);
            case STORE_FAILURE -> internal(message);
            case BROKER_CLOSED -> unavailable(message);
            case ACCESS_DENIED -> sqs(403, "AccessDenied", code.sqsCode(), message);
        };
    }
}
