package io.jaqs.broker;

/** Error codes of the broker, named as Amazon SQS names them. */
public enum ErrorCode {
    QUEUE_DOES_NOT_EXIST("AWS.SimpleQueueService.NonExistentQueue"),
    QUEUE_NAME_EXISTS("QueueAlreadyExists"),
    INVALID_ATTRIBUTE_NAME("InvalidAttributeName"),
    INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue"),
    INVALID_PARAMETER_VALUE("InvalidParameterValue"),
    MISSING_PARAMETER("MissingParameter"),
    RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid"),
    MESSAGE_NOT_INFLIGHT("AWS.SimpleQueueService.MessageNotInflight"),
    OVER_LIMIT("OverLimit"),
    PURGE_QUEUE_IN_PROGRESS("AWS.SimpleQueueService.PurgeQueueInProgress"),
    EMPTY_BATCH_REQUEST("AWS.SimpleQueueService.EmptyBatchRequest"),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST("AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
    BATCH_ENTRY_IDS_NOT_DISTINCT("AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
    INVALID_BATCH_ENTRY_ID("AWS.SimpleQueueService.InvalidBatchEntryId"),
    BATCH_REQUEST_TOO_LONG("AWS.SimpleQueueService.BatchRequestTooLong"),
    MESSAGE_TOO_LONG("InvalidParameterValue.MessageTooLong"),
    INVALID_MESSAGE_CONTENTS("InvalidMessageContents"),
    RESOURCE_NOT_FOUND("ResourceNotFoundException"),
    TRANSACTION_CONFLICT("Jaqs.TransactionConflict"),
    STORE_FAILURE("Jaqs.StoreFailure"),
    BROKER_CLOSED("Jaqs.BrokerClosed"),
    /** The caller's user may not do this action on this destination (SQS's AccessDenied, HTTP 403). */
    ACCESS_DENIED("AccessDenied");

    private final String sqsCode;

    ErrorCode(String sqsCode) {
        this.sqsCode = sqsCode;
    }

    /** The error code string SQS uses in its responses. */
    public String sqsCode() {
        return sqsCode;
    }

    /** True when the caller's request was at fault (SQS's SenderFault), false for server faults. */
    public boolean senderFault() {
        return this != STORE_FAILURE && this != BROKER_CLOSED;
    }
}
