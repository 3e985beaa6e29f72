package io.jaqs.broker;

import io.jaqs.broker.store.QueueStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The health probe behind {@link Broker#checkHealth()}: real statements, not a flag. The read
 * runs on a thread of its own so a pool that hands out no connection (or a database that does not
 * answer) costs the caller the timeout, not the pool's 30 s; the write goes through the writer's
 * queue like every send, so a stuck or saturated writer shows here.
 */
final class StoreProbe {
    /** No queue has this id: the probe statement finds nothing and changes nothing. */
    private static final long NO_QUEUE = -1L;

    private StoreProbe() {
    }

    static BrokerHealth check(QueueStore store, Duration timeout) {
        int pending = store.pendingWrites();
        long t0 = System.nanoTime();
        CompletableFuture<Object> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(store.read(s -> s.findQueue(NO_QUEUE)));
            } catch (Throwable t) {
                read.completeExceptionally(t);
            }
        }, "jaqs-health-read");
        reader.setDaemon(true);
        reader.start();
        String problem = null;
        Duration readTook = null;
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            readTook = Duration.ofNanos(System.nanoTime() - t0);
        } catch (TimeoutException e) {
            problem = "The store did not answer a read within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            problem = "A store read failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "Interrupted";
        }
        long t1 = System.nanoTime();
        Duration writeTook = null;
        CompletableFuture<Object> write = store.write(s -> s.findQueue(NO_QUEUE));
        try {
            write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            writeTook = Duration.ofNanos(System.nanoTime() - t1);
        } catch (TimeoutException e) {
            write.cancel(false);
            problem = join(problem, "The store writer did not commit within " + timeout.toMillis() + " ms ("
                    + pending + " writes were queued)");
        } catch (ExecutionException e) {
            problem = join(problem, "A write through the store writer failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = join(problem, "Interrupted");
        }
        return new BrokerHealth(problem == null, readTook, writeTook, pending, problem);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
