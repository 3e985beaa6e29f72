package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operations of a transaction, one model for local transactions ({@link StoreTransaction}) and
 * XA branches ({@link XaBranch}): kept in memory until commit and applied in one store work; an XA
 * branch also serializes them into the store at prepare, to be applied (or released) from there at
 * commit (or rollback), possibly by another JVM. Everything a send needs is in the record (queue
 * name, message id, body, attributes, group and deduplication ids, delay, expiration, priority); a
 * delete or visibility change names its queue and receipt handle.
 */
final class TransactionOps {
    private static final byte FORMAT = 1;
    private static final byte SEND = 1;
    private static final byte PUBLISH = 2;
    private static final byte DELETE = 3;
    private static final byte VISIBILITY = 4;

    sealed interface Op permits Send, Publish, Delete, Visibility {
    }

    /** {@code prepared}: what the sender validated and encoded, reused at commit; null once read back from the store. */
    record Send(String queue, String messageId, SendMessageRequest request, PreparedSend prepared) implements Op {
        Send(PreparedSend p) {
            this(p.queue().name, p.messageId(), p.request(), p);
        }
    }

    /** {@code template}: as {@link Send#prepared}, the encoded message every subscription gets a copy of. */
    record Publish(String topic, String publisherId, String messageId, SendMessageRequest request, PreparedSend template)
            implements Op {
    }

    record Delete(String queue, String receiptHandle, boolean strict) implements Op {
    }

    record Visibility(String queue, String receiptHandle, int seconds) implements Op {
    }

    private TransactionOps() {
    }

    // ------------------------------------------------------------------ in the store transaction

    /**
     * Applies the operations: a transaction's commit. {@code strict} (a local transaction, an XA
     * one-phase commit): a delete whose handle is stale or a send to a queue gone fails the whole
     * work. Not strict (commit of a prepared branch, which must not fail): such operations are skipped.
     */
    static void apply(CoreContext core, StoreSession s, List<Op> work, long now, boolean strict, Set<QueueState> touched)
            throws SQLException {
        MessageOps m = core.ops();
        for (Op op : work) {
            if (op instanceof Send send) {
                QueueState q = queue(core, s, send.queue(), strict);
                if (q == null) {
                    continue;
                }
                PreparedSend prepared = send.prepared() != null && send.prepared().queue() == q ? send.prepared()
                        : PreparedSend.encoded(q, send.request(), send.messageId());
                m.send(s, prepared, now);
                touched.add(q);
            } else if (op instanceof Publish p) {
                SendMessageRequest r = p.request();
                PreparedSend template = p.template() != null ? p.template() : PreparedSend.encoded(null, r, p.messageId());
                List<QueueState> copies = new ArrayList<>();
                core.topics().publish(s, p.topic(), r, p.publisherId(), template, now, copies);
                touched.addAll(copies);
            } else if (op instanceof Delete d) {
                QueueState q = queue(core, s, d.queue(), strict);
                if (q == null) {
                    continue;
                }
                m.delete(s, q, ReceiptHandle.decode(d.receiptHandle()), strict && d.strict());
                if (q.fifo) {
                    touched.add(q);
                }
            } else if (op instanceof Visibility v) {
                QueueState q = queue(core, s, v.queue(), strict);
                if (q == null) {
                    continue;
                }
                try {
                    if (m.changeVisibility(s, q, ReceiptHandle.decode(v.receiptHandle()), v.seconds(), now)) {
                        touched.add(q);
                    }
                } catch (BrokerException e) {
                    if (strict && e.code() != ErrorCode.MESSAGE_NOT_INFLIGHT) {
                        throw new BrokerException(ErrorCode.TRANSACTION_CONFLICT, e.getMessage(), e);
                    }
                    // already visible again (or, after prepare, received again): nothing left to do
                }
            }
        }
    }

    private static QueueState queue(CoreContext core, StoreSession s, String name, boolean strict) throws SQLException {
        QueueState q = core.catalog().byName(s, name);
        if (q == null) {
            if (strict) {
                throw BrokerException.noQueue(name);
            }
            core.log(System.Logger.Level.WARNING, "A prepared XA transaction names queue " + name
                    + ", which no longer exists; its operation on that queue is skipped");
        }
        return q;
    }

    /**
     * At prepare: every delete must still hold its message (current handle, in flight), else the
     * branch votes rollback; the message is then kept invisible as long as SQS allows (12 h from
     * the receive that took it), so that no other consumer gets it while the branch is in doubt.
     */
    static void holdDeletes(CoreContext core, StoreSession s, List<Op> work, long now, Set<QueueState> touched)
            throws SQLException {
        MessageOps m = core.ops();
        for (Op op : work) {
            if (!(op instanceof Delete d)) {
                continue;
            }
            QueueState q = core.catalog().byName(s, d.queue());
            ReceiptHandle h = ReceiptHandle.decode(d.receiptHandle());
            MessageRow row = q == null ? null : s.findMessageMeta(h.messageRowId());
            long queueId = q == null ? -1 : q.id; // no queue: no row either, so never current
            if (!h.standing(row, queueId, now)) {
                if (d.strict()) {
                    throw new BrokerException(ErrorCode.TRANSACTION_CONFLICT, h.current(row, queueId)
                            ? "The visibility timeout of message " + row.messageId() + " ended before the transaction was prepared"
                            : h.whyNotCurrent(row, queueId));
                }
                continue;
            }
            long seconds = (h.receivedAt() + Limits.MAX_IN_FLIGHT_TIME.toMillis() - now) / 1000;
            if (now + seconds * 1000 > row.visibleAt()) {
                m.changeVisibility(s, q, h, (int) seconds, now);
            }
        }
    }

    /**
     * At rollback of a prepared branch: the messages its deletes held become visible again after
     * {@code delaySeconds} (a JMS rollback redelivers them). Stale handles change nothing.
     */
    static void releaseDeletes(CoreContext core, StoreSession s, List<Op> work, long now, int delaySeconds,
                               Set<QueueState> touched) throws SQLException {
        MessageOps m = core.ops();
        for (Op op : work) {
            if (op instanceof Delete d) {
                QueueState q = core.catalog().byName(s, d.queue());
                if (q == null) {
                    continue;
                }
                try {
                    if (m.changeVisibility(s, q, ReceiptHandle.decode(d.receiptHandle()), delaySeconds, now)) {
                        touched.add(q);
                    }
                } catch (BrokerException e) {
                    // deleted, received again or visible already: nothing to release
                }
            }
        }
    }

    // ------------------------------------------------------------------ serialized form

    static byte[] encode(List<Op> work) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(work.size());
            for (Op op : work) {
                if (op instanceof Send send) {
                    out.writeByte(SEND);
                    out.writeUTF(send.queue());
                    out.writeUTF(send.messageId());
                    writeRequest(out, send.request());
                } else if (op instanceof Publish p) {
                    out.writeByte(PUBLISH);
                    out.writeUTF(p.topic());
                    writeString(out, p.publisherId());
                    out.writeUTF(p.messageId());
                    writeRequest(out, p.request());
                } else if (op instanceof Delete d) {
                    out.writeByte(DELETE);
                    out.writeUTF(d.queue());
                    out.writeUTF(d.receiptHandle());
                    out.writeBoolean(d.strict());
                } else if (op instanceof Visibility v) {
                    out.writeByte(VISIBILITY);
                    out.writeUTF(v.queue());
                    out.writeUTF(v.receiptHandle());
                    out.writeInt(v.seconds());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Op> decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new BrokerException(ErrorCode.STORE_FAILURE, "A prepared XA transaction has format " + format
                        + "; this Jaqs reads format " + FORMAT + " only");
            }
            int n = in.readInt();
            List<Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte kind = in.readByte();
                switch (kind) {
                    case SEND -> ops.add(new Send(in.readUTF(), in.readUTF(), readRequest(in), null));
                    case PUBLISH -> ops.add(new Publish(in.readUTF(), readString(in), in.readUTF(), readRequest(in), null));
                    case DELETE -> ops.add(new Delete(in.readUTF(), in.readUTF(), in.readBoolean()));
                    case VISIBILITY -> ops.add(new Visibility(in.readUTF(), in.readUTF(), in.readInt()));
                    default -> throw new BrokerException(ErrorCode.STORE_FAILURE, "Unknown operation " + kind
                            + " in a prepared XA transaction");
                }
            }
            return ops;
        } catch (IOException e) {
            throw new BrokerException(ErrorCode.STORE_FAILURE, "A prepared XA transaction cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeRequest(DataOutputStream out, SendMessageRequest r) throws IOException {
        out.writeInt(r.body().length);
        out.write(r.body());
        AttributeCodec.write(out, r.attributes()); // a send without attributes too (length 0)
        out.writeBoolean(r.delaySeconds() != null);
        if (r.delaySeconds() != null) {
            out.writeInt(r.delaySeconds());
        }
        writeInstant(out, r.deliveryTime());
        writeInstant(out, r.expiration());
        out.writeBoolean(r.priority() != null);
        if (r.priority() != null) {
            out.writeInt(r.priority());
        }
        writeString(out, r.messageGroupId());
        writeString(out, r.messageDeduplicationId());
        out.writeBoolean(r.providerAttributeRules());
    }

    private static SendMessageRequest readRequest(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        SendMessageRequest.Builder b = SendMessageRequest.builder(body).attributes(AttributeCodec.read(in));
        if (in.readBoolean()) {
            b.delaySeconds(in.readInt());
        }
        Instant deliveryTime = readInstant(in);
        if (deliveryTime != null) {
            b.deliveryTime(deliveryTime);
        }
        Instant expiration = readInstant(in);
        if (expiration != null) {
            b.expiration(expiration);
        }
        if (in.readBoolean()) {
            b.priority(in.readInt());
        }
        String group = readString(in);
        if (group != null) {
            b.messageGroupId(group);
        }
        String dedup = readString(in);
        if (dedup != null) {
            b.messageDeduplicationId(dedup);
        }
        if (in.readBoolean()) {
            b.providerAttributeRules();
        }
        return b.build();
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.toEpochMilli());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
