package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.Broker;
import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.Subscription;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.selector.Selector;
import jakarta.jms.BytesMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives from a queue, or from the queue of a topic subscription. Each store call takes up to
 * {@code prefetch} messages (they stay invisible to other consumers while held here) with a long
 * poll, so an idle consumer costs no store traffic until a send wakes it. A queue consumer's
 * selector runs in the broker core on candidate messages (messages it rejects stay for other
 * consumers); a subscription's selector ran when each message was published.
 */
public class JaqsMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {
    private static final System.Logger LOG = System.getLogger(JaqsMessageConsumer.class.getName());

    private final JaqsSession session;
    private final JaqsDestination destination;
    private final QueueName queue;
    private final Selector selector;
    private final MessageFilter filter;
    private final Subscription subscription;
    private final boolean noLocal;
    private final PrefetchBuffer buffer = new PrefetchBuffer();
    private volatile MessageListener listener;
    private volatile CompletableFuture<List<ReceivedMessage>> pending;
    private volatile boolean fetching;
    /**
     * A FIFO queue (or FIFO topic subscription): each store call takes one message group, and a
     * fetch-ahead only continues that group, so a consumer never holds undelivered messages of a
     * group another consumer could be delivering (issue #17).
     */
    private final boolean fifo;
    private volatile boolean closed;
    private volatile Integer visibilityTimeoutSeconds;

    JaqsMessageConsumer(JaqsSession session, JaqsDestination destination, QueueName queue, String messageSelector)
            throws JMSException {
        this.session = session;
        this.destination = destination;
        this.queue = queue;
        this.selector = Selector.parse(messageSelector);
        this.filter = SelectorFilter.of(selector);
        this.subscription = null;
        this.noLocal = false;
        this.fifo = queue.isFifo();
    }

    /**
     * A consumer on a topic subscription: it receives from the subscription's queue. The selector
     * was applied when each message was published (a message it rejects was never stored for the
     * subscription), so the receive itself does not filter.
     */
    JaqsMessageConsumer(JaqsSession session, JaqsTopic topic, Subscription subscription, Selector selector, boolean noLocal) {
        this.session = session;
        this.destination = topic;
        this.queue = subscription.queue();
        this.selector = selector;
        this.filter = null;
        this.subscription = subscription;
        this.noLocal = noLocal;
        this.fifo = queue.isFifo();
    }

    JaqsDestination destination() {
        return destination;
    }

    /** The topic subscription this consumer receives from, or null for a queue consumer. */
    Subscription subscription() {
        return subscription;
    }

    QueueName queue() {
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector.isAll() ? null : selector.text();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        if (!(destination instanceof Queue q)) {
            throw new IllegalStateException("This consumer receives from topic " + destination.getName() + ", not a queue");
        }
        return q;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        if (!(destination instanceof Topic t)) {
            throw new IllegalStateException("This consumer receives from queue " + destination.getName() + ", not a topic");
        }
        return t;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }

    private ReceiveMessageRequest request(int waitSeconds) {
        Integer vt = visibilityTimeoutSeconds != null ? visibilityTimeoutSeconds : session.connection.factory.getVisibilityTimeoutSeconds();
        ReceiveMessageRequest r = new ReceiveMessageRequest(session.connection.factory.getPrefetch(), vt, waitSeconds, null, filter);
        return fifo ? r.withOneGroup() : r;
    }

    /**
     * Jaqs extension: the visibility timeout of the messages this consumer receives from now on
     * (how long it may work on one before others see it again), instead of the factory's or the
     * queue's; null goes back to those. Messages it already holds keep theirs
     * ({@link io.jaqs.jms.message.JaqsMessage#changeVisibility} changes one).
     */
    public void setVisibilityTimeout(Duration timeout) throws JMSException {
        checkOpen();
        if (timeout != null && (timeout.isNegative() || timeout.toSeconds() > io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds())) {
            throw new JMSException("A visibility timeout must be from 0 s to 12 h (" + io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds() + " s), got " + timeout);
        }
        visibilityTimeoutSeconds = timeout == null ? null : (int) timeout.toSeconds();
    }

    public Duration getVisibilityTimeout() throws JMSException {
        checkOpen();
        return visibilityTimeoutSeconds == null ? null : Duration.ofSeconds(visibilityTimeoutSeconds);
    }

    private Broker broker() {
        return session.connection.broker;
    }

    // ---------------------------------------------------------------- synchronous receive

    @Override
    public Message receive() throws JMSException {
        return receive(Long.MAX_VALUE, false);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout <= 0 ? Long.MAX_VALUE : timeout, false);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, true);
    }

    private Message receive(long timeoutMillis, boolean noWait) throws JMSException {
        ReceivedMessage rm = next(timeoutMillis, noWait);
        return rm == null ? null : deliverSync(rm);
    }

    /**
     * JMSConsumer.receiveBody: the body of the next message. When it cannot be returned as
     * {@code c} (or the message is a StreamMessage or a plain Message, which have no receivable
     * body) a MessageFormatException follows; in AUTO/DUPS_OK the provider behaves "as if the call
     * had not occurred": the message is put back first in line, with no redelivery counted. In
     * CLIENT_ACKNOWLEDGE and transacted sessions it counts as delivered (JMS 2.0, JMSConsumer).
     */
    <T> T receiveBody(Class<T> c, long timeoutMillis, boolean noWait) throws JMSException {
        ReceivedMessage rm = next(timeoutMillis <= 0 && !noWait ? Long.MAX_VALUE : timeoutMillis, noWait);
        if (rm == null) {
            return null;
        }
        JaqsMessage m = session.toJms(rm, queue, destination);
        String refusal = bodyRefusal(m, c);
        if (refusal != null && session.acknowledgesAfterDelivery()) {
            buffer.putBack(rm);
            throw new MessageFormatException(refusal);
        }
        session.delivered(queue, m);
        session.afterDelivery(queue, m);
        if (refusal != null) {
            throw new MessageFormatException(refusal);
        }
        return m.getBody(c);
    }

    private static String bodyRefusal(JaqsMessage m, Class<?> c) throws JMSException {
        if (m instanceof StreamMessage || !(m instanceof TextMessage || m instanceof BytesMessage || m instanceof MapMessage
                || m instanceof ObjectMessage)) {
            return "receiveBody cannot return the body of a " + (m instanceof StreamMessage ? "StreamMessage" : "plain Message")
                    + "; use receive()";
        }
        if (!m.isBodyAssignableTo(c)) {
            return "The body of the next message (a " + m.getClass().getSimpleName().replace("Jaqs", "")
                    + ") cannot be returned as " + c.getName();
        }
        return null;
    }

    /** The next message for this consumer, waiting up to the timeout; null at the timeout, on close or when stopped. */
    private ReceivedMessage next(long timeoutMillis, boolean noWait) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("This consumer has a MessageListener; it cannot also receive synchronously");
        }
        long start = System.nanoTime();
        long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (!closed) {
                if (!session.connection.isStarted()) {
                    if (noWait || !session.connection.awaitStarted(deadline)) {
                        return null;
                    }
                    continue;
                }
                ReceivedMessage rm = pollBuffer();
                if (rm != null) {
                    fetchAhead();
                    return rm;
                }
                session.consumerIdle(); // nothing held: DUPS_OK sends its pending deletes before waiting
                CompletableFuture<Void> a = buffer.ahead();
                if (a != null) {
                    // a fetch-ahead is on its way (it does not wait for messages): take its result first
                    long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                    if (!awaitQuietly(a, noWait ? Long.MAX_VALUE : left)) {
                        return null;
                    }
                    continue;
                }
                if (noWait) {
                    fetch(0, Long.MAX_VALUE);
                    return pollBuffer();
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                long leftSeconds = left == Long.MAX_VALUE ? JmsDefaults.MAX_POLL_SECONDS : TimeUnit.NANOSECONDS.toSeconds(left) + 1;
                fetch((int) Math.min(JmsDefaults.MAX_POLL_SECONDS, leftSeconds), left);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Fetch-ahead: when a synchronous consumer holds at most {@link JmsDefaults#FETCH_AHEAD_AT} of its
     * prefetch, it asks the store for the rest in the background (no long poll), so that the next
     * receive() finds messages without waiting for a commit, and the claim shares its commit with the
     * application's acknowledgements. Messages held plus being fetched never exceed the prefetch.
     * With a prefetch of 1 there is no fetch-ahead. On a FIFO queue a fetch-ahead only continues the
     * group of the last message claimed, after it: taking another group's head would lock that group
     * while this consumer is not delivering it.
     */
    private void fetchAhead() {
        if (closed || listener != null || !session.connection.isStarted()) {
            return;
        }
        int prefetch = session.connection.factory.getPrefetch();
        if (prefetch < 2) {
            return; // prefetch 1: a consumer holds no message it has not delivered between receives
        }
        synchronized (buffer) { // one decision: few held, none under way; and the fetch recorded as under way
            if (buffer.ahead() != null || buffer.size() > prefetch * JmsDefaults.FETCH_AHEAD_AT / 100 || buffer.drained()) {
                return; // drained: the last claim found no more, the next receive() that needs the store looks again
            }
            String lastClaimed = buffer.lastClaimed();
            if (fifo && lastClaimed == null) {
                return;
            }
            int want = prefetch - buffer.size();
            int epoch = buffer.epoch();
            Integer vt = visibilityTimeoutSeconds != null ? visibilityTimeoutSeconds : session.connection.factory.getVisibilityTimeoutSeconds();
            ReceiveMessageRequest ask = new ReceiveMessageRequest(want, vt, 0, null, filter);
            CompletableFuture<List<ReceivedMessage>> f;
            try {
                f = broker().receiveMessageAsync(queue, fifo ? ask.continuingAfter(lastClaimed) : ask);
            } catch (BrokerException e) {
                return; // the next receive() that needs the store reports it
            }
            // the callback runs at once on this thread when f is complete already, else on the writer's
            // thread once this block has let go of the buffer
            CompletableFuture<Void> settled = f.handle((got, error) -> {
                if (!buffer.settleAhead(epoch, got, want) && !got.isEmpty()) {
                    // handed back already (recover, rollback, close): give these back too, off the writer thread
                    List<JaqsSession.Delivered> back = undelivered(got);
                    CompletableFuture.runAsync(() -> session.returnUndelivered(back));
                }
                return null; // a failure is left to the next receive() that needs the store
            });
            buffer.aheadStarted(settled);
        }
    }

    /** Waits for a fetch-ahead to settle; false when the time ran out first. */
    private static boolean awaitQuietly(CompletableFuture<Void> a, long leftNanos) throws InterruptedException {
        try {
            if (leftNanos == Long.MAX_VALUE) {
                a.get();
            } else {
                a.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        }
    }

    /** Lets a fetch-ahead in progress settle (bounded; never on the store's writer thread, which completes it). */
    private void settleAhead() {
        CompletableFuture<Void> a = buffer.ahead();
        if (a != null && !broker().isStoreThread()) {
            try {
                a.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // a late result is given back by the fetch itself
            }
        }
    }

    /**
     * Waits up to the timeout until a message is held for this consumer, without delivering it:
     * it is fetched from the store (invisible to other consumers, as any prefetched message) and
     * the next receive returns it at once. A resource adapter uses this to open a delivery
     * transaction only when there is a message to receive in it. False at the timeout, on close,
     * or while the connection is stopped.
     */
    public boolean awaitMessage(long timeoutMillis) throws JMSException {
        checkOpen();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        try {
            while (!closed) {
                if (!session.connection.isStarted()) {
                    if (!session.connection.awaitStarted(deadline)) {
                        return false;
                    }
                    continue;
                }
                settleAhead(); // a fetch-ahead under way lands in the buffer first: never more than the prefetch held
                if (!buffer.isEmpty()) {
                    return true;
                }
                session.consumerIdle();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                fetch((int) Math.min(JmsDefaults.MAX_POLL_SECONDS, TimeUnit.NANOSECONDS.toSeconds(left) + 1), left);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Message deliverSync(ReceivedMessage rm) throws JMSException {
        JaqsMessage m = session.toJms(rm, queue, destination);
        session.delivered(queue, m);
        session.afterDelivery(queue, m);
        io.jaqs.jms.tracing.MessagingTracing.get().received(m);
        return m;
    }

    /** One store call: up to prefetch messages, waiting at most waitSeconds (broker clock) and leftNanos (real time). */
    private void fetch(int waitSeconds, long leftNanos) throws JMSException, InterruptedException {
        CompletableFuture<List<ReceivedMessage>> f;
        ReceiveMessageRequest ask = request(waitSeconds);
        try {
            f = broker().receiveMessageAsync(queue, ask);
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
        pending = f;
        if (closed) {
            f.cancel(false); // close() ran before pending was set: it could not cancel this poll
        }
        try {
            List<ReceivedMessage> got = leftNanos == Long.MAX_VALUE ? f.get() : f.get(leftNanos, TimeUnit.NANOSECONDS);
            buffer.add(got, ask.maxNumberOfMessages());
        } catch (TimeoutException | CancellationException e) {
            f.cancel(false); // the broker makes visible again anything it claimed for us
        } catch (ExecutionException e) {
            throw JmsExceptions.of(io.jaqs.broker.BrokerFutures.unwrap(e.getCause()));
        } finally {
            pending = null;
        }
    }

    /**
     * The next prefetched message that has not expired while it waited here (JMS: an expired
     * message is not delivered). An expired one is deleted, as the store's reaper would.
     */
    private ReceivedMessage pollBuffer() {
        long now = broker().clock().millis();
        while (true) {
            ReceivedMessage rm = buffer.poll();
            if (rm == null || rm.expiration() == null || rm.expiration().toEpochMilli() > now) {
                return rm;
            }
            broker().deleteMessageAsync(queue, rm.receiptHandle()); // not waited for: the reaper would do it too
        }
    }

    /** Hands back the prefetched, undelivered messages (recover, rollback, close). */
    List<JaqsSession.Delivered> drainPrefetched() {
        settleAhead(); // what a fetch-ahead claimed is handed back with the rest, so redelivery starts at the oldest
        return undelivered(buffer.takeAll());
    }

    /** Messages this consumer claimed and never delivered, as the session gives them back. */
    private List<JaqsSession.Delivered> undelivered(java.util.Collection<ReceivedMessage> claimed) {
        List<JaqsSession.Delivered> out = new ArrayList<>(claimed.size());
        for (ReceivedMessage rm : claimed) {
            out.add(new JaqsSession.Delivered(queue, rm.receiptHandle(), null));
        }
        return out;
    }

    // ---------------------------------------------------------------- asynchronous delivery

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        settleAhead(); // a fetch-ahead of earlier synchronous receives lands in the buffer before the listener drains it
        this.listener = listener;
        if (listener == null) {
            CompletableFuture<List<ReceivedMessage>> p = pending;
            if (p != null) {
                p.cancel(false);
            }
        } else if (session.connection.isStarted()) {
            scheduleFetch();
        }
    }

    void connectionStarted() {
        if (listener != null) {
            session.dispatcher().execute(this::drain);
        }
    }

    /** Asks the store for the next messages without holding a thread while the long poll waits. */
    private void scheduleFetch() {
        if (closed || listener == null || fetching || !session.connection.isStarted()) {
            return;
        }
        if (!buffer.isEmpty()) {
            session.dispatcher().execute(this::drain);
            return;
        }
        fetching = true;
        CompletableFuture<List<ReceivedMessage>> f;
        ReceiveMessageRequest ask = request(JmsDefaults.MAX_POLL_SECONDS);
        try {
            f = broker().receiveMessageAsync(queue, ask);
        } catch (BrokerException e) {
            fetching = false;
            failedFetch(e);
            return;
        }
        pending = f;
        if (closed) {
            // close() ran between the check above and pending being set, so it could not cancel this poll:
            // left alone it would wait out its long poll (and its timer) for a consumer that is gone
            f.cancel(false);
        }
        f.whenComplete((got, error) -> {
            pending = null;
            fetching = false;
            if (error != null) {
                if (!(error instanceof CancellationException)) {
                    failedFetch(error);
                }
                return;
            }
            buffer.add(got, ask.maxNumberOfMessages());
            if (!closed) {
                session.dispatcher().execute(this::drain);
            } else {
                // this runs on the store's writer thread, and a release is a store write that waits
                // for that thread: hand it to another one
                List<JaqsSession.Delivered> left = drainPrefetched();
                CompletableFuture.runAsync(() -> session.returnUndelivered(left));
            }
        });
    }

    private void failedFetch(Throwable error) {
        if (closed) {
            return;
        }
        session.connection.asyncFailure(error);
        // try again in a second: a store outage must not become a busy loop
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::scheduleFetch);
    }

    /** On the session's dispatch thread: delivers the buffered messages to the listener, one at a time. */
    private void drain() {
        while (!closed && !session.isClosed() && session.connection.isStarted()) {
            MessageListener l = listener;
            if (l == null) {
                return;
            }
            ReceivedMessage rm = pollBuffer();
            if (rm == null) {
                break;
            }
            JaqsMessage m;
            try {
                m = session.toJms(rm, queue, destination);
                session.delivered(queue, m);
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot deliver message " + rm.messageId() + ": " + e.getMessage());
                session.connection.asyncFailure(e);
                continue;
            }
            Throwable[] failed = {null};
            boolean recovered = session.runListener(new JaqsSession.Delivered(queue, m.getReceiptHandle(), m), () -> {
                io.jaqs.jms.tracing.MessagingTracing.Span span = io.jaqs.jms.tracing.MessagingTracing.get().startProcess(m);
                try {
                    l.onMessage(m);
                } catch (Throwable t) {
                    // any Throwable, an Error too (a failed assertion, say), is a failed delivery: the
                    // message comes back and this thread goes on delivering (JMS 8.7)
                    failed[0] = t;
                    span.error(t);
                } finally {
                    span.close();
                    span.end();
                }
            });
            try {
                if (recovered) {
                    // the listener called recover(): the message was released, not to be acknowledged
                } else if (failed[0] != null) {
                    session.listenerFailed(queue, m, failed[0]);
                } else {
                    session.afterDelivery(queue, m);
                }
            } catch (JMSException | RuntimeException e) {
                session.connection.asyncFailure(e);
            }
            if (closed && subscription != null) {
                // the listener closed its own consumer: the subscription waited for this message to be settled
                session.subscriptions.settle(false);
            }
        }
        session.consumerIdle();
        scheduleFetch();
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<List<ReceivedMessage>> p = pending;
        if (p != null) {
            p.cancel(false);
        }
        if (listener != null && !JaqsSession.inListenerOf(session)) {
            session.awaitListenersIdle();
        }
        session.returnUndelivered(drainPrefetched());
        session.consumerClosed(this);
    }

    private void checkOpen() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("consumer");
        }
    }
}
