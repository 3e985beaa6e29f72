package io.jaqs.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Fair queues: where a message of a message group (a tenant) sorts on a standard queue. Standard
 * receives read the queue in {@code visible_at} order (an index range scan), so fairness is folded
 * into that key, as JMS priority is: a group's messages are spaced {@link Limits#FAIR_SPACING} apart
 * in key space, starting at most {@link Limits#FAIR_WINDOW} before now and never after now. A group
 * that sends a burst (a big backlog) has its messages spread over the window and then, once its
 * keys reach the present, in arrival order; a group that sends a few messages gets keys near the
 * start of the window, ahead of the bulk of the burst. Among groups that all have backlogs, their
 * messages interleave one for one. No order is promised.
 *
 * <p>State is the next key of each recently seen group, in memory per node and queue (several
 * nodes on one PostgreSQL schedule their own sends; a restart forgets it): a group whose next key
 * is behind the window's start is equivalent to a group never seen, so those entries are dropped
 * when the map grows past {@link Limits#FAIR_TRACKED_GROUPS}.
 */
final class FairSchedule {
    private final Map<String, Long> nextKey = new HashMap<>();

    /** The sort key (visible-at time before any priority head start) of a group's new message sent at {@code now}. */
    synchronized long keyFor(String groupId, long now) {
        long windowStart = now - Limits.FAIR_WINDOW.toMillis();
        Long next = nextKey.get(groupId);
        long key = Math.min(now, next == null ? windowStart : Math.max(windowStart, next));
        nextKey.put(groupId, key + Limits.FAIR_SPACING.toMillis());
        if (nextKey.size() > Limits.FAIR_TRACKED_GROUPS) {
            nextKey.values().removeIf(k -> k <= windowStart);
            if (nextKey.size() > Limits.FAIR_TRACKED_GROUPS) {
                nextKey.clear(); // more busy groups than tracked: start over (fairness only, nothing is lost)
            }
        }
        return key;
    }

    /**
     * Where a message of a group goes back to when it is released (rollback, recover, a prefetch
     * given back): the earliest key it could have had, so it comes before what was sent after it.
     */
    static long releasedKey(long sentAt) {
        return sentAt - Limits.FAIR_WINDOW.toMillis();
    }
}
