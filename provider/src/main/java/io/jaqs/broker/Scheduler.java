package io.jaqs.broker;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs work at an instant of the broker's {@link Clock}: long-poll deadlines, wake-ups when a
 * delayed or invisible message becomes visible, the expiry reaper, move-task pacing. With a
 * {@link ManualClock} the work runs when a test moves the clock; with any other clock it runs on
 * a daemon thread after the real time that separates now from the instant.
 */
public interface Scheduler extends AutoCloseable {

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /** Runs {@code task} once the clock reads {@code at} or later. Tasks must not block. */
    Cancellable schedule(Instant at, Runnable task);

    @Override
    void close();

    static Scheduler forClock(Clock clock) {
        if (clock instanceof ManualClock manual) {
            return manual.scheduler();
        }
        return new RealTime(clock);
    }

    /** A scheduler for clocks that move with real time. */
    final class RealTime implements Scheduler {
        private final Clock clock;
        private final ScheduledExecutorService executor;

        RealTime(Clock clock) {
            this.clock = clock;
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jaqs-scheduler");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public Cancellable schedule(Instant at, Runnable task) {
            long delay = Math.max(0, at.toEpochMilli() - clock.millis());
            try {
                ScheduledFuture<?> f = executor.schedule(() -> runQuietly(task), delay, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                return () -> { };
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            System.getLogger(Scheduler.class.getName()).log(System.Logger.Level.WARNING, "scheduled task failed", e);
        }
    }

    static void run(Runnable task) {
        runQuietly(task);
    }
}
