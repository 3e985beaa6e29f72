package io.jaqs.broker.store;

/**
 * A failure of the store itself: the database failed or refused, or the store is closed. The store
 * throws it (and completes write futures with it) instead of the core's exception, so the store
 * package does not depend on the core; the core turns it into its own error codes at the boundary.
 * A {@link StoreWork}'s own exceptions pass through the store unchanged.
 */
public class StoreException extends RuntimeException {
    private final boolean closed;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message) {
        this(message, null, false);
    }

    private StoreException(String message, Throwable cause, boolean closed) {
        super(message, cause);
        this.closed = closed;
    }

    /** The store is closed (or closing): the call was not run. */
    public static StoreException closed(String message) {
        return new StoreException(message, null, true);
    }

    /** The call was refused because the store is closed, rather than failed. */
    public boolean closed() {
        return closed;
    }
}
