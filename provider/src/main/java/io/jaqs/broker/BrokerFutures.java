package io.jaqs.broker;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waiting for the broker's futures and reading their failures, for the core and every front end:
 * a failure comes out as the {@link BrokerException} (or other runtime exception) the core threw,
 * not wrapped in the executor's exceptions.
 */
public final class BrokerFutures {
    private BrokerFutures() {
    }

    /** Waits for a broker future, throwing its failure as the {@link BrokerException} it is. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new BrokerException(ErrorCode.BROKER_CLOSED, "Interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new BrokerException(ErrorCode.BROKER_CLOSED, "The call was cancelled", e);
        }
    }

    /** The broker failure inside a completion exception (an {@link Error} is rethrown as it is). */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new BrokerException(ErrorCode.STORE_FAILURE, String.valueOf(t.getMessage()), t);
    }
}
