package io.jaqs.jms;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One INFO line per failed delivery (message id, delivery count, when it comes back, what
 * was thrown), at most {@link JmsDefaults#REDELIVERY_LOG_PER_SECOND} a second for the whole JVM;
 * the lines held back are counted in the next one written. The stack trace is written only for a
 * message's first failure, so a poison message's log stays a few lines. INFO, not WARNING: the failure is the
 * application's (its container logs it too); Jaqs keeps WARNING for faults of its own, which an operator pages on.
 */
public final class RedeliveryLog {
    private static final System.Logger LOG = System.getLogger("io.jaqs.jms.Redelivery");
    private static final AtomicLong windowStart = new AtomicLong();
    private static final AtomicLong inWindow = new AtomicLong();
    private static final AtomicLong suppressed = new AtomicLong();

    private RedeliveryLog() {
    }

    /**
     * @param nextDelaySeconds when the message is delivered again, or -1 when it is not released
     *                         now (CLIENT_ACKNOWLEDGE and transacted sessions decide that themselves)
     */
    public static void failed(String where, String messageId, int deliveryCount, int nextDelaySeconds, Throwable t) {
        if (!admit()) {
            return;
        }
        long held = suppressed.getAndSet(0);
        String line = where + " threw " + t + " for message " + messageId + " (delivery " + deliveryCount + ")"
                + (nextDelaySeconds < 0 ? "" : "; redelivered in " + nextDelaySeconds + " s")
                + (held > 0 ? " [" + held + " similar lines suppressed]" : "");
        if (deliveryCount <= 1) {
            LOG.log(System.Logger.Level.INFO, line, t);
        } else {
            LOG.log(System.Logger.Level.INFO, line);
        }
    }

    /** Whether a line may be written now (the per-second budget, real time: log volume is about real time). */
    private static boolean admit() {
        long second = System.nanoTime() / 1_000_000_000L;
        long start = windowStart.get();
        if (second != start && windowStart.compareAndSet(start, second)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > JmsDefaults.REDELIVERY_LOG_PER_SECOND) {
            suppressed.incrementAndGet();
            return false;
        }
        return true;
    }
}
