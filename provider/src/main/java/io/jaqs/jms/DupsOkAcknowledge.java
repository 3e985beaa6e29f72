package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * DUPS_OK_ACKNOWLEDGE: delivered messages are deleted lazily, in batches of
 * {@link JmsDefaults#DUPS_OK_BATCH}, and before the session waits for more, so a quiet queue does
 * not see them again when their visibility timeout ends. A crash may redeliver a batch: the
 * duplicates the mode allows.
 */
final class DupsOkAcknowledge extends AcknowledgeMode {
    /** Deletes waiting to be sent in a batch (guarded by the session). */
    private final List<Delivered> lazy = new ArrayList<>();

    DupsOkAcknowledge(JaqsSession session) {
        super(session, Session.DUPS_OK_ACKNOWLEDGE);
    }

    @Override
    void afterDelivery(Delivered d) {
        synchronized (session) {
            lazy.add(d);
            if (lazy.size() >= JmsDefaults.DUPS_OK_BATCH) {
                flush();
            }
        }
    }

    @Override
    boolean acknowledgesAfterDelivery() {
        return true;
    }

    @Override
    void flush() {
        List<Delivered> batch;
        synchronized (session) {
            batch = List.copyOf(lazy);
            lazy.clear();
        }
        if (!batch.isEmpty()) {
            session.acknowledgements().deleteLazily(batch);
            session.subscriptions.settle(false);
        }
    }

    @Override
    boolean holdsDeliveryFrom(QueueName queue) {
        synchronized (session) {
            return lazy.stream().anyMatch(d -> d.queue().equals(queue));
        }
    }
}
