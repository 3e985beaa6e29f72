package io.jaqs.broker;

/**
 * Every failure of a {@link Broker} call. The {@link #code()} says which SQS rule was broken;
 * the message names the rule and the offending value. A call that throws changes nothing in
 * the store.
 */
public class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * A store failure as the core reports it: {@link ErrorCode#BROKER_CLOSED} for a closed store, else
     * {@link ErrorCode#STORE_FAILURE}, with the store's message (front ends that open a store use it).
     */
    public static BrokerException fromStore(io.jaqs.broker.store.StoreException e) {
        return new BrokerException(e.closed() ? ErrorCode.BROKER_CLOSED : ErrorCode.STORE_FAILURE, e.getMessage(),
                e.getCause() != null ? e.getCause() : e);
    }

    static BrokerException invalidParameter(String message) {
        return new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    static BrokerException invalidAttribute(String message) {
        return new BrokerException(ErrorCode.INVALID_ATTRIBUTE_VALUE, message);
    }

    static BrokerException noQueue(String name) {
        return new BrokerException(ErrorCode.QUEUE_DOES_NOT_EXIST, "The specified queue does not exist: " + name);
    }
}
