package io.jaqs.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to. Give it to the broker in tests: every timer of the broker
 * (visibility, delay, retention, deduplication window, purge rule, long-poll deadline) then follows
 * {@link #advance}, so no test waits for real time to pass. Scheduled tasks that fall due run in
 * the thread that advances the clock, before {@code advance} returns.
 */
public final class ManualClock extends Clock {
    private final ZoneId zone;
    private final Object lock;
    private final PriorityQueue<Task> tasks;
    private volatile Instant now;
    private long nextTaskId;

    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC, new Object(), new PriorityQueue<>());
    }

    /** A clock at a fixed, whole-second instant, convenient for tests. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private ManualClock(Instant start, ZoneId zone, Object lock, PriorityQueue<Task> tasks) {
        this.now = start;
        this.zone = zone;
        this.lock = lock;
        this.tasks = tasks;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("ManualClock has one zone");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
    }

    /**
     * Moves the clock forward, then runs every task that fell due, in order. Tasks see the new
     * time, so a periodic task runs once per advance however long the advance is.
     */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("A clock moves forward only: " + d);
        }
        Instant target;
        synchronized (lock) {
            target = now.plus(d);
            now = target;
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = tasks.peek();
                if (next == null || next.at.isAfter(target)) {
                    return;
                }
                tasks.poll();
            }
            Scheduler.run(next.task);
        }
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** Number of tasks waiting for the clock (for tests that check nothing leaks). */
    public int pendingTasks() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    Scheduler scheduler() {
        Object owner = new Object();
        return new Scheduler() {
            @Override
            public Cancellable schedule(Instant at, Runnable task) {
                Task t;
                synchronized (lock) {
                    if (!at.isAfter(now)) {
                        t = null;
                    } else {
                        t = new Task(at, nextTaskId++, task, owner);
                        tasks.add(t);
                    }
                }
                if (t == null) {
                    Scheduler.run(task);
                    return () -> { };
                }
                Task scheduled = t;
                return () -> {
                    synchronized (lock) {
                        tasks.remove(scheduled);
                    }
                };
            }

            @Override
            public void close() {
                synchronized (lock) {
                    tasks.removeIf(t -> t.owner == owner);
                }
            }
        };
    }

    private record Task(Instant at, long id, Runnable task, Object owner) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }
}
