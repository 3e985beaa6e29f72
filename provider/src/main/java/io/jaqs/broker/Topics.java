package io.jaqs.broker;

import io.jaqs.broker.store.QueueRow;
import io.jaqs.broker.store.StoreSession;
import io.jaqs.broker.store.SubscriptionRow;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Topics as SNS-style fan-out, inside the core: every subscription is a queue bound to a topic,
 * and a publish inserts one copy of the message into the queue of each subscription whose
 * selector accepts it, all in one store transaction (or none). Selectors are evaluated at publish,
 * so a subscription never stores a message it would not deliver.
 *
 * <p>Non-durable subscriptions belong to the broker instance that made them and live on a lease it
 * renews; when an instance dies (kill -9, or a node of a shared PostgreSQL store) its leases run
 * out and the reaper removes those subscriptions, so no orphan queue keeps collecting copies.
 */
final class Topics {
    /** How long a non-durable subscription outlives the last renewal by its owner. */
    static final Duration LEASE = Duration.ofSeconds(60);
    static final String QUEUE_PREFIX = "jaqs-sub-";

    private final CoreContext core;
    final String instanceId = UUID.randomUUID().toString();
    private volatile Function<String, MessageFilter> filterCompiler = selector -> {
        throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE,
                "This broker has no selector language configured; a subscription selector needs the JMS facade");
    };
    private final Map<String, MessageFilter> filters = new ConcurrentHashMap<>();
    private volatile Scheduler.Cancellable renewal;

    Topics(CoreContext core) {
        this.core = core;
    }

    void setFilterCompiler(Function<String, MessageFilter> compiler) {
        this.filterCompiler = Objects.requireNonNull(compiler);
        filters.clear();
    }

    private MessageFilter filter(String selector) {
        return filters.computeIfAbsent(selector, filterCompiler);
    }

    // ---------------------------------------------------------------- subscribe / unsubscribe

    Subscription subscribe(SubscriptionRequest r) {
        if (r.topic() == null || r.topic().isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A subscription needs a topic name");
        }
        boolean named = r.kind() != Subscription.Kind.NON_DURABLE;
        if (named && (r.name() == null || r.name().isEmpty())) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A " + r.kind() + " subscription needs a name");
        }
        if (r.selector() != null && !r.selector().isBlank()) {
            filter(r.selector()); // a bad selector fails here, before anything is stored
        }
        boolean fifo = QueueNames.isFifoName(r.topic());
        String queueName = QUEUE_PREFIX + UUID.randomUUID().toString().replace("-", "") + (fifo ? Limits.FIFO_SUFFIX : "");
        QueueSettings settings = QueueSettings.forCreate(queueName, RequestValidator.withoutStoreEncryption(r.queueAttributes(), core.store().encryptedAtRest()));
        String clientId = r.clientId() == null ? "" : r.clientId();
        String selector = r.selector() == null || r.selector().isBlank() ? null : r.selector();
        return core.write(s -> {
            long now = core.clock().millis();
            if (named) {
                SubscriptionRow existing = s.findSubscription(clientId, r.kind().durable(), r.name());
                SubscriptionRow other = existing != null ? null : s.findSubscription(clientId, !r.kind().durable(), r.name());
                if (other != null && !other.kind().equals(Subscription.Kind.NON_DURABLE.name())) {
                    existing = other; // JMS: a durable and a shared non-durable subscription may not share name and client id
                }
                if (existing != null && !existing.kind().equals(r.kind().name())) {
                    // never replaced, whatever replaceIfDifferent says: JMS makes a kind clash an error
                    throw BrokerException.invalidParameter("Subscription '" + r.name() + "'"
                            + (clientId.isEmpty() ? "" : " of client " + clientId) + " exists as a " + kindText(existing.kind())
                            + " subscription; a " + kindText(r.kind().name()) + " subscription cannot have the same name"
                            + (clientId.isEmpty() ? "" : " and client id"));
                }
                if (existing != null) {
                    boolean same = existing.topic().equals(r.topic()) && Objects.equals(existing.selector(), selector)
                            && (r.kind() != Subscription.Kind.DURABLE || Objects.equals(existing.noLocalPublisher(), r.noLocalPublisher()));
                    if (same) {
                        return toSubscription(s, existing);
                    }
                    if (!r.replaceIfDifferent()) {
                        throw BrokerException.invalidParameter("Subscription '" + r.name() + "'"
                                + (clientId.isEmpty() ? "" : " of client " + clientId) + " exists on topic " + existing.topic()
                                + (existing.selector() == null ? "" : " with selector " + existing.selector())
                                + "; it cannot be reused for topic " + r.topic() + (selector == null ? "" : " with selector " + selector));
                    }
                    drop(s, existing);
                }
            }
            core.catalog().checkRedrive(s, queueName, settings);
            QueueRow queue = s.insertQueue(queueName, fifo, KeyValues.encode(settings.asMap()), KeyValues.encode(Map.of()), now);
            core.catalog().cache(queue);
            boolean durable = r.kind().durable();
            String name = named ? r.name() : "nd-" + queue.id();
            SubscriptionRow row = new SubscriptionRow(0, r.topic(), r.kind().name(), clientId, name, durable, queue.id(),
                    selector, r.noLocalPublisher(), durable ? null : instanceId,
                    durable ? Long.MAX_VALUE : now + LEASE.toMillis(), now);
            long id = s.insertSubscription(row);
            return new Subscription(id, r.topic(), r.kind(), clientId.isEmpty() ? null : clientId, name, queueName, selector,
                    r.noLocalPublisher());
        });
    }

    private static String kindText(String kind) {
        return switch (Subscription.Kind.valueOf(kind)) {
            case NON_DURABLE -> "non-durable";
            case SHARED -> "shared non-durable";
            case DURABLE -> "unshared durable";
            case SHARED_DURABLE -> "shared durable";
        };
    }

    private Subscription toSubscription(StoreSession s, SubscriptionRow row) throws SQLException {
        QueueState q = core.catalog().byId(s, row.queueId());
        return new Subscription(row.id(), row.topic(), Subscription.Kind.valueOf(row.kind()),
                row.clientId().isEmpty() ? null : row.clientId(), row.name(), q == null ? null : q.name,
                row.selector(), row.noLocalPublisher());
    }

    /** Removes a subscription with its queue and every message in it. */
    private void drop(StoreSession s, SubscriptionRow row) throws SQLException {
        s.deleteSubscription(row.id());
        QueueState q = core.catalog().byId(s, row.queueId());
        s.deleteQueue(row.queueId());
        if (q != null) {
            core.catalog().forget(q);
        }
    }

    /** Deletes a durable subscription by client id and name; an unknown one is {@link ErrorCode#QUEUE_DOES_NOT_EXIST}. */
    void unsubscribe(String clientId, String name) {
        String cid = clientId == null ? "" : clientId;
        core.write(s -> {
            SubscriptionRow row = s.findSubscription(cid, true, name);
            if (row == null) {
                throw new BrokerException(ErrorCode.QUEUE_DOES_NOT_EXIST, "No durable subscription named '" + name + "'"
                        + (cid.isEmpty() ? "" : " for client id " + cid));
            }
            drop(s, row);
            return null;
        });
    }

    /** Deletes a subscription (a non-durable one whose last consumer closed). */
    void delete(Subscription subscription) {
        core.write(s -> {
            SubscriptionRow row = subscription.queueName() == null ? null
                    : s.findSubscriptionByQueue(core.catalog().get(subscription.queue()).id);
            if (row != null) {
                drop(s, row);
            }
            return null;
        });
    }

    List<Subscription> list(String topic) {
        return core.store().read(s -> {
            List<Subscription> out = new ArrayList<>();
            for (SubscriptionRow row : topic == null ? s.listSubscriptions() : s.selectSubscriptions(topic)) {
                out.add(toSubscription(s, row));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- publish

    /** Inside a store work: one copy per accepting subscription; the result names the message. */
    SendMessageResult publish(StoreSession s, String topic, SendMessageRequest r, String publisherId, PreparedSend template,
                              long now, List<QueueState> touched) throws SQLException {
        for (SubscriptionRow sub : s.selectSubscriptions(topic)) {
            if (publishedBy(publisherId, sub.noLocalPublisher())) {
                continue;
            }
            if (sub.selector() != null
                    && !filter(sub.selector()).accept(r.attributes(), template.messageId(), 1)) {
                continue;
            }
            QueueState q = core.catalog().byId(s, sub.queueId());
            if (q == null) {
                s.deleteSubscription(sub.id()); // its queue was deleted directly: the subscription is gone too
                continue;
            }
            core.ops().send(s, template.to(q), now);
            touched.add(q);
        }
        return new SendMessageResult(template.messageId(), template.md5OfBody(), template.md5OfAttributes(), null, false);
    }

    /**
     * Whether a publish by {@code publisherId} is "local" to a subscription. A publisher id may name
     * several identities of one publisher, one per line (the JMS facade passes its connection's id and,
     * when set, its client id: JMS noLocal means "same connection" for non-durable subscriptions and
     * "same client id" for durable ones).
     */
    static boolean publishedBy(String publisherId, String noLocalPublisher) {
        if (publisherId == null || noLocalPublisher == null) {
            return false;
        }
        if (publisherId.equals(noLocalPublisher)) {
            return true;
        }
        if (publisherId.indexOf('\n') < 0) {
            return false;
        }
        for (String id : publisherId.split("\n")) {
            if (id.equals(noLocalPublisher)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- leases

    void start() {
        scheduleRenewal();
    }

    private void scheduleRenewal() {
        if (core.isClosed()) {
            return;
        }
        renewal = core.scheduler().schedule(core.clock().instant().plus(LEASE.dividedBy(3)), () -> {
            if (core.isClosed()) {
                return;
            }
            core.store().write(s -> s.renewSubscriptionLeases(instanceId, core.clock().millis() + LEASE.toMillis()))
                    .whenComplete((n, e) -> scheduleRenewal());
        });
    }

    /** Inside the reaper's work: removes non-durable subscriptions of instances that stopped renewing. */
    int reapExpired(StoreSession s, long now) throws SQLException {
        int n = 0;
        for (SubscriptionRow row : s.selectExpiredSubscriptions(now, 100)) {
            if (!instanceId.equals(row.owner())) {
                drop(s, row);
                n++;
            }
        }
        return n;
    }

    void close() {
        Scheduler.Cancellable r = renewal;
        if (r != null) {
            r.cancel();
        }
    }
}
