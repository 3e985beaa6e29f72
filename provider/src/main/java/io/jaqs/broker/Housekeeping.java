package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's periodic work on its scheduler: the reaper every {@link Limits#REAPER_INTERVAL}
 * (expired messages, dedup entries, FIFO receive attempts, lapsed non-durable subscriptions) and,
 * every {@link Limits#STORE_IDLE_CHECK}, the store's chance to give disk space back when idle.
 */
final class Housekeeping {
    private final CoreContext core;
    private volatile Scheduler.Cancellable reaper;
    private volatile Scheduler.Cancellable compactor;

    Housekeeping(CoreContext core) {
        this.core = core;
    }

    void start() {
        scheduleReaper();
        scheduleCompaction();
    }

    private void scheduleReaper() {
        if (core.isClosed()) {
            return;
        }
        reaper = core.scheduler().schedule(core.clock().instant().plus(Limits.REAPER_INTERVAL), () -> {
            if (core.isClosed()) {
                return;
            }
            reapExpired().whenComplete((n, e) -> scheduleReaper());
        });
    }

    /** Every {@link Limits#STORE_IDLE_CHECK}: the store gives disk space back if it has been idle (embedded H2). */
    private void scheduleCompaction() {
        if (core.isClosed()) {
            return;
        }
        compactor = core.scheduler().schedule(core.clock().instant().plus(Limits.STORE_IDLE_CHECK), () -> {
            if (core.isClosed()) {
                return;
            }
            core.store().compactIfIdle(Limits.STORE_FILE_SLACK_BYTES, Limits.STORE_COMPACTION_READ_WAIT).whenComplete((compacted, e) -> {
                if (e != null) {
                    core.log(System.Logger.Level.WARNING, "The store's idle compaction failed: " + e);
                }
                scheduleCompaction();
            });
        });
    }

    /** Removes expired messages (retention or per-message expiration), expired dedup entries and FIFO receive attempts. */
    CompletableFuture<Integer> reapExpired() {
        return core.store().write(s -> {
            long now = core.clock().millis();
            int removed = 0;
            List<MessageRow> expired = s.selectExpired(now, 1000);
            Set<Map.Entry<Long, String>> groups = new HashSet<>();
            for (MessageRow row : expired) {
                s.deleteMessage(row.id());
                removed++;
                if (row.seq() != 0 && row.groupId() != null) {
                    groups.add(Map.entry(row.queueId(), row.groupId()));
                }
            }
            for (Map.Entry<Long, String> g : groups) {
                FifoGroups.recompute(s, g.getKey(), g.getValue());
            }
            s.deleteExpiredDedup(now, 1000);
            s.deleteExpiredReceiveAttempts(now, 1000);
            core.topics().reapExpired(s, now);
            return removed;
        });
    }

    void close() {
        Scheduler.Cancellable r = reaper;
        if (r != null) {
            r.cancel();
        }
        Scheduler.Cancellable c = compactor;
        if (c != null) {
            c.cancel();
        }
    }
}
