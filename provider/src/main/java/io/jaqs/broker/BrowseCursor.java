package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.QueueStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A browse: the queue's visible messages, read a page at a time from where the last page ended
 * (standard queues in receive order, FIFO queues in sequence order), as of the moment it began.
 * It locks nothing and changes nothing: no receive count, no visibility.
 */
final class BrowseCursor implements Iterator<ReceivedMessage> {
    private static final int PAGE = 100;

    private final QueueStore store;
    private final QueueState q;
    private final MessageFilter filter;
    private final long now;
    private final List<ReceivedMessage> buffer = new ArrayList<>();
    private long cursorVisibleAt = 0;
    private long cursorId = -1;
    private long cursorSeq = Long.MIN_VALUE;
    private boolean exhausted;

    BrowseCursor(QueueStore store, QueueState q, MessageFilter filter, long now) {
        this.store = store;
        this.q = q;
        this.filter = filter;
        this.now = now;
    }

    @Override
    public boolean hasNext() {
        while (buffer.isEmpty() && !exhausted) {
            List<MessageRow> rows = store.read(s -> q.fifo
                    ? s.selectBySequence(q.id, cursorSeq, PAGE)
                    : s.browseReady(q.id, now, cursorVisibleAt, cursorId, PAGE));
            exhausted = rows.size() < PAGE;
            for (MessageRow row : rows) {
                cursorVisibleAt = row.visibleAt();
                cursorId = row.id();
                cursorSeq = row.seq();
                if (row.visibleAt() > now || row.expiresAt() <= now) {
                    continue; // FIFO page holds in-flight and delayed messages too
                }
                Map<String, MessageAttributeValue> attributes = AttributeCodec.decode(row.attributes());
                if (filter == null || filter.accept(attributes, row.messageId(), row.receiveCount() + 1)) {
                    buffer.add(MessageOps.message(q, row, attributes, null, row.receiveCount(), row.firstReceivedAt(), null));
                }
            }
        }
        return !buffer.isEmpty();
    }

    @Override
    public ReceivedMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffer.remove(0);
    }
}
