package io.jaqs.broker;

import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.QueueRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The queues: name → {@link QueueState} (settings, tags, long polls) cached over the store's
 * {@code jaqs_queue} rows, and the queue-level actions (create, attributes, tags, purge, delete).
 * Memory follows the store only once a commit succeeded. On a store shared with other nodes a
 * cached queue is re-read after {@link #SHARED_CACHE_TTL_NANOS}, or at once when another node says
 * its settings changed.
 */
final class QueueCatalog {
    /** How long cached queue settings are trusted on a store shared with other nodes. */
    static final long SHARED_CACHE_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CoreContext core;
    private final Map<String, QueueState> byName = new ConcurrentHashMap<>();
    private final Map<Long, QueueState> byId = new ConcurrentHashMap<>();

    QueueCatalog(CoreContext core) {
        this.core = core;
    }

    // ================================================================== lookup

    /** The queue of this name; {@link ErrorCode#QUEUE_DOES_NOT_EXIST} when there is none. */
    QueueState get(QueueName queue) {
        core.checkOpen();
        if (queue == null) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A queue URL or name is required");
        }
        String name = queue.name();
        QueueState q = byName.get(name);
        if (q != null && !q.deleted) {
            try {
                q = fresh(q, null);
            } catch (SQLException e) {
                throw new BrokerException(ErrorCode.STORE_FAILURE, "The store failed: " + e.getMessage(), e);
            }
            if (q == null) {
                throw BrokerException.noQueue(name);
            }
            return q;
        }
        q = core.store().read(s -> byName(s, name));
        if (q == null) {
            throw BrokerException.noQueue(name);
        }
        return q;
    }

    /** Inside a store work: the queue by name (cached, else read), or null. */
    QueueState byName(StoreSession s, String name) throws SQLException {
        QueueState q = byName.get(name);
        if (q != null && !q.deleted) {
            return fresh(q, s);
        }
        QueueRow row = s.findQueue(name);
        return row == null ? null : cache(row);
    }

    /** Inside a store work: the queue by id (cached, else read), or null. */
    QueueState byId(StoreSession s, long id) throws SQLException {
        QueueState q = byId.get(id);
        if (q != null) {
            return q;
        }
        QueueRow row = s.findQueue(id);
        return row == null ? null : cache(row);
    }

    /** Inside a store work: the ARN of the queue with this id, or null when it is gone. */
    String arnOfId(StoreSession s, long id) throws SQLException {
        QueueState q = byId(s, id);
        return q == null ? null : arn(q);
    }

    String arn(QueueState q) {
        return core.config().queueArn(q.name);
    }

    String url(QueueState q) {
        return core.config().queueUrl(q.name);
    }

    /**
     * On a shared store, a cached queue older than the TTL is re-read: its settings follow another
     * node's changes within about a second, and a queue another node deleted is forgotten (its long
     * polls end). Returns the current state, or null when the queue is gone.
     */
    QueueState fresh(QueueState q, StoreSession s) throws SQLException {
        if (!core.store().shared() || System.nanoTime() - q.loadedAtNanos <= SHARED_CACHE_TTL_NANOS) {
            return q;
        }
        QueueRow row = s == null ? core.store().read(r -> r.findQueue(q.name)) : s.findQueue(q.name);
        if (row == null || row.id() != q.id) {
            forget(q);
            return row == null ? null : cache(row);
        }
        q.refresh(row);
        return q;
    }

    QueueState cache(QueueRow row) {
        QueueState fresh = new QueueState(row);
        QueueState existing = byName.putIfAbsent(row.name(), fresh);
        if (existing != null && existing.id == row.id() && !existing.deleted) {
            return existing;
        }
        if (existing != null) {
            byName.put(row.name(), fresh);
        }
        byId.put(row.id(), fresh);
        return fresh;
    }

    /** The queue is gone: forgotten, and its long polls end empty. */
    void forget(QueueState q) {
        q.deleted = true;
        byName.remove(q.name, q);
        byId.remove(q.id);
        q.changed();
    }

    /** Another node changed a queue: something may be receivable, and with {@code settings} its settings are stale. */
    void changedElsewhere(long queueId, boolean settings) {
        QueueState q = byId.get(queueId);
        if (q != null) {
            if (settings) {
                q.loadedAtNanos = System.nanoTime() - SHARED_CACHE_TTL_NANOS - 1; // re-read on next use
            }
            q.changed();
        }
    }

    int longPollsWaiting() {
        int n = 0;
        for (QueueState q : byName.values()) {
            n += q.waiters.size();
        }
        return n;
    }

    /** At close: every waiting long poll ends empty. */
    void endLongPolls() {
        for (QueueState q : byName.values()) {
            for (LongPoll w : q.waiters) {
                w.result.complete(List.of());
            }
        }
    }

    // ================================================================== create and redrive

    QueueState create(QueueName queue, Map<String, String> requested, Map<String, String> tags) {
        core.checkOpen();
        if (queue == null) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A queue name is required");
        }
        String name = queue.name();
        Map<String, String> attributes = RequestValidator.withoutStoreEncryption(requested, core.store().encryptedAtRest());
        QueueSettings settings = QueueSettings.forCreate(name, attributes);
        Map<String, String> tagMap = RequestValidator.mergeTags(tags == null ? Map.of() : tags, Map.of());
        return core.write(s -> {
            QueueRow existing = s.findQueue(name);
            if (existing != null) {
                QueueSettings current = QueueSettings.fromStored(existing.fifo(), KeyValues.decode(existing.attributes()));
                String difference = current.firstDifference(settings, attributes == null ? Set.of() : attributes.keySet());
                if (difference != null) {
                    throw new BrokerException(ErrorCode.QUEUE_NAME_EXISTS, "Queue " + name
                            + " already exists with a different value of " + difference + " (existing: "
                            + current.asMap().get(difference) + ", requested: " + settings.asMap().get(difference) + ")");
                }
                return cache(existing);
            }
            checkRedrive(s, name, settings);
            return cache(s.insertQueue(name, settings.fifo(), KeyValues.encode(settings.asMap()),
                    KeyValues.encode(tagMap), core.clock().millis()));
        });
    }

    /** The dead-letter queue of a redrive policy must exist, be of the same type and allow this source. */
    void checkRedrive(StoreSession s, String sourceName, QueueSettings settings) throws SQLException {
        RedrivePolicy redrive = settings.redrivePolicy();
        if (redrive == null) {
            return;
        }
        if (redrive.deadLetterQueueName().equals(sourceName)) {
            throw BrokerException.invalidAttribute("Queue " + sourceName + " cannot be its own dead-letter queue");
        }
        QueueState dlq = byName(s, redrive.deadLetterQueueName());
        if (dlq == null) {
            throw BrokerException.invalidAttribute("RedrivePolicy names dead-letter queue " + redrive.deadLetterQueueName()
                    + ", which does not exist; create it first");
        }
        if (dlq.fifo != settings.fifo()) {
            throw BrokerException.invalidAttribute("The dead-letter queue of a " + (settings.fifo() ? "FIFO" : "standard")
                    + " queue must be " + (settings.fifo() ? "a FIFO" : "a standard") + " queue; " + dlq.name + " is not");
        }
        if (!dlq.settings.redriveAllowPolicy().allows(sourceName)) {
            throw BrokerException.invalidAttribute("The RedriveAllowPolicy of " + dlq.name + " does not allow " + sourceName
                    + " as a source queue");
        }
    }

    /** The queues whose redrive policy names {@code dlq}. */
    List<QueueName> deadLetterSources(QueueState dlq) {
        List<QueueName> sources = new ArrayList<>();
        for (QueueRow row : core.store().read(s -> s.listQueues(""))) {
            RedrivePolicy p = QueueSettings.fromStored(row.fifo(), KeyValues.decode(row.attributes())).redrivePolicy();
            if (p != null && p.deadLetterQueueName().equals(dlq.name)) {
                sources.add(new QueueName(row.name()));
            }
        }
        return sources;
    }

    List<QueueName> list(String prefix) {
        core.checkOpen();
        return core.store().read(s -> s.listQueues(prefix)).stream().map(r -> new QueueName(r.name())).toList();
    }

    String url(QueueName queue) {
        return core.config().queueUrl(queue.name());
    }

    // ================================================================== attributes

    Map<String, String> attributes(QueueState q, Collection<String> attributeNames) {
        Set<String> wanted = new HashSet<>(attributeNames == null ? List.of() : attributeNames);
        for (String n : wanted) {
            if (QueueAttributeName.find(n).isEmpty()) {
                throw new BrokerException(ErrorCode.INVALID_ATTRIBUTE_NAME, "Unknown queue attribute: " + n);
            }
        }
        boolean all = wanted.contains(QueueAttributeName.All.name());
        Map<String, String> out = new TreeMap<>();
        q.settings.asMap().forEach((k, v) -> {
            if (all || wanted.contains(k)) {
                out.put(k, v);
            }
        });
        if (all || wanted.contains("ApproximateNumberOfMessages") || wanted.contains("ApproximateNumberOfMessagesNotVisible")
                || wanted.contains("ApproximateNumberOfMessagesDelayed")) {
            QueueCounts c = counts(q);
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessages, Long.toString(c.visible()));
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessagesNotVisible, Long.toString(c.notVisible()));
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessagesDelayed, Long.toString(c.delayed()));
        }
        putIf(out, all, wanted, QueueAttributeName.CreatedTimestamp, Long.toString(q.createdAt / 1000));
        putIf(out, all, wanted, QueueAttributeName.LastModifiedTimestamp, Long.toString(q.modifiedAt / 1000));
        putIf(out, all, wanted, QueueAttributeName.QueueArn, arn(q));
        // the store's encryption, whatever an older version stored for the queue
        putIf(out, all, wanted, QueueAttributeName.SqsManagedSseEnabled, Boolean.toString(core.store().encryptedAtRest()));
        return out;
    }

    private static void putIf(Map<String, String> out, boolean all, Set<String> wanted, QueueAttributeName n, String v) {
        if (all || wanted.contains(n.name())) {
            out.put(n.name(), v);
        }
    }

    QueueCounts counts(QueueState q) {
        long now = core.clock().millis();
        return core.store().read(s -> s.counts(q.id, now));
    }

    void setAttributes(QueueState q, Map<String, String> requested) {
        Map<String, String> attributes = RequestValidator.withoutStoreEncryption(requested, core.store().encryptedAtRest());
        QueueSettings updated = q.settings.with(attributes, false);
        // memory follows the store only once the commit succeeded
        long modifiedAt = core.write(s -> {
            if (attributes != null && attributes.containsKey(QueueAttributeName.RedrivePolicy.name())) {
                checkRedrive(s, q.name, updated); // a policy set earlier keeps working even if its DLQ went away
            }
            long now = core.clock().millis();
            s.updateQueue(q.id, KeyValues.encode(updated.asMap()), KeyValues.encode(q.tags), now);
            s.notifySettingsChanged(q.id); // other nodes re-read the settings
            return now;
        });
        q.settings = updated;
        q.modifiedAt = modifiedAt;
        q.changed(); // a shorter wait or delay may change what a long poll should do
    }

    // ================================================================== delete and purge

    void delete(QueueState q) {
        core.write(s -> {
            s.deleteQueue(q.id);
            s.notifySettingsChanged(q.id); // other nodes forget it and end their long polls on it
            return null;
        });
        forget(q); // long polls on it end empty
    }

    void purge(QueueState q) {
        q.purgedAt = core.write(s -> {
            long now = core.clock().millis();
            QueueRow row = s.findQueue(q.id);
            long last = row == null ? 0 : row.purgedAt();
            if (last != 0 && now - last < Limits.PURGE_INTERVAL.toMillis()) {
                throw new BrokerException(ErrorCode.PURGE_QUEUE_IN_PROGRESS, "Queue " + q.name + " was purged "
                        + (now - last) / 1000 + " s ago; a queue can be purged once every " + Limits.PURGE_INTERVAL.toSeconds() + " s");
            }
            s.deleteAllMessages(q.id);
            if (q.fifo) {
                s.deleteAllGroups(q.id);
            }
            s.setPurgedAt(q.id, now);
            return now;
        });
    }

    // ================================================================== tags

    void tag(QueueState q, Map<String, String> tags) {
        storeTags(q, RequestValidator.mergeTags(tags, q.tags));
    }

    void untag(QueueState q, Collection<String> tagKeys) {
        Map<String, String> left = new TreeMap<>(q.tags);
        tagKeys.forEach(left::remove);
        storeTags(q, left);
    }

    private void storeTags(QueueState q, Map<String, String> tags) {
        core.write(s -> {
            s.updateQueue(q.id, KeyValues.encode(q.settings.asMap()), KeyValues.encode(tags), q.modifiedAt);
            return null;
        });
        q.tags = tags;
    }
}
