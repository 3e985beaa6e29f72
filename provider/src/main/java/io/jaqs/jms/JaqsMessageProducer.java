package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.jms.tracing.MessagingTracing;
import io.jaqs.broker.SendMessageResult;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.message.MessageCodec;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends to a queue. A PERSISTENT send returns once the message is durable in the store; a
 * NON_PERSISTENT send returns once it is queued for the store's next commit (its JMSMessageID is then the
 * producer's own, carried to the receiver). On a FIFO queue
 * JMSXGroupID is the MessageGroupId (the factory's default group when absent) and the
 * {@code JMS_SQS_DeduplicationId} property the MessageDeduplicationId.
 */
public class JaqsMessageProducer implements MessageProducer, QueueSender, TopicPublisher {
    public static final String DEDUPLICATION_ID_PROPERTY = "JMS_SQS_DeduplicationId";
    public static final String GROUP_ID_PROPERTY = "JMSXGroupID";
    static final String USER_ID_PROPERTY = "JMSXUserID";
    /** Provider attribute of a message sent with the message id disabled: it is received without one too. */
    static final String NO_MESSAGE_ID_ATTRIBUTE = JaqsMessage.JAQS_ATTRIBUTE_PREFIX + "NoMessageID";
    /** Provider attribute holding the JMSMessageID of a message whose producer did not wait for the store's id. */
    static final String MESSAGE_ID_ATTRIBUTE = JaqsMessage.JAQS_ATTRIBUTE_PREFIX + "MessageID";

    private final JaqsSession session;
    private final JaqsDestination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private volatile boolean closed;
    /** Asynchronous sends whose CompletionListener has not returned yet. */
    private final Set<CompletableFuture<?>> incompleteSends = ConcurrentHashMap.newKeySet();

    JaqsMessageProducer(JaqsSession session, JaqsDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    // ---- settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int priority) throws JMSException {
        checkOpen();
        checkPriority(priority);
        this.priority = priority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        checkTimeToLive(timeToLive);
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkOpen();
        checkDeliveryDelay(deliveryDelay);
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    private static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("Delivery mode must be PERSISTENT (2) or NON_PERSISTENT (1), got " + mode);
        }
    }

    private static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("Priority must be from 0 to 9, got " + priority);
        }
    }

    // ---- send variants

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("This producer has no destination: use send(destination, message)");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        checkOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("This producer sends to " + this.destination + "; it takes no other destination");
        }
        doSend(session.destination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive, CompletionListener listener) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("This producer has no destination: use send(destination, message, listener)");
        }
        requireListener(listener);
        doSend(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener listener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener listener) throws JMSException {
        checkOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("This producer sends to " + this.destination + "; it takes no other destination");
        }
        requireListener(listener);
        doSend(session.destination(destination), message, deliveryMode, priority, timeToLive, listener);
    }

    private static void requireListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("The CompletionListener must not be null");
        }
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    // ---- the send itself

    private void doSend(JaqsDestination to, Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        if (message == null) {
            throw new MessageFormatException("The message is null");
        }
        checkDeliveryMode(mode);
        checkPriority(prio);
        checkTimeToLive(ttl);
        if (to.isTemporary() && session.connection.isClosed()) {
            throw new InvalidDestinationException("Temporary queue " + to.getName() + " is gone");
        }
        if (to instanceof JaqsTemporaryTopic t && t.owner() != null && !t.owner().ownsTemporary(t)) {
            throw new InvalidDestinationException("Temporary topic " + to.getName() + " was deleted (or its connection closed)");
        }
        // a topic is no queue: its publish fans out into the queues of its subscriptions, if any
        QueueName queue = to.isTopic() ? null : session.connection.queue(to);
        long now = session.connection.broker.clock().millis();
        // JMS 3.1: headers are set on the message the application passed, foreign or not
        message.setJMSDestination(to);
        message.setJMSDeliveryMode(mode);
        message.setJMSPriority(prio);
        message.setJMSTimestamp(disableMessageTimestamp ? 0 : now);
        message.setJMSExpiration(ttl > 0 ? now + ttl : 0);
        message.setJMSDeliveryTime(now + Math.max(0, deliveryDelay));
        boolean fireAndForget = mode == DeliveryMode.NON_PERSISTENT && listener == null
                && session.transaction() == null;
        // a send that does not wait for the store cannot learn the store's id: it names the message itself
        String ownId = fireAndForget && !disableMessageId ? "ID:" + UUID.randomUUID() : null;
        Map<String, MessageAttributeValue> trace = new HashMap<>(2); // traceparent/tracestate of the send span
        MessagingTracing.Span span = MessagingTracing.get().startSend(to.getName(), to.isTopic(), trace);
        SendMessageRequest request;
        try {
            request = request(to, message, prio, ttl, now, ownId, trace);
        } catch (JMSException | RuntimeException e) {
            span.error(e);
            span.end();
            throw e;
        }
        try {
            BrokerTransaction transaction = session.transaction();
            if (transaction != null) {
                String id = to.isTopic() ? transaction.publish(to.getName(), request, session.connection.publisherId())
                        : transaction.sendMessage(queue, request);
                message.setJMSMessageID(disableMessageId ? null : "ID:" + id);
                span.messageId("ID:" + id);
                span.end();
                if (listener != null) {
                    session.completions().execute(() -> listener.onCompletion(message));
                }
                return;
            }
            CompletableFuture<SendMessageResult> future = to.isTopic()
                    ? session.connection.broker.publishAsync(to.getName(), request, session.connection.publisherId())
                    : session.connection.broker.sendMessageAsync(queue, request);
            if (listener != null) {
                boolean noId = disableMessageId; // as at send time, whatever the producer is set to when it completes
                CompletableFuture<?> callbackDone = future.whenCompleteAsync((result, error) -> {
                    endSpan(span, result, error);
                    if (error != null) {
                        listener.onException(message, JmsExceptions.of(io.jaqs.broker.BrokerFutures.unwrap(error)));
                    } else {
                        setMessageId(message, noId ? null : "ID:" + result.messageId());
                        listener.onCompletion(message);
                    }
                }, session.completions());
                sendStarted(callbackDone);
                return;
            }
            if (fireAndForget) {
                // held by the store's writer, committed with the next group: not waited for
                future.whenComplete((r, e) -> {
                    endSpan(span, r, e);
                    if (e != null) {
                        session.connection.asyncFailure(e);
                    }
                });
                message.setJMSMessageID(ownId);
                return;
            }
            SendMessageResult result = io.jaqs.broker.BrokerFutures.await(future);
            setMessageId(message, disableMessageId ? null : "ID:" + result.messageId());
            endSpan(span, result, null);
        } catch (BrokerException e) {
            span.error(e);
            span.end();
            throw JmsExceptions.of(e);
        }
    }

    private static void endSpan(MessagingTracing.Span span, SendMessageResult result, Throwable error) {
        if (error != null) {
            span.error(error);
        } else if (result != null) {
            span.messageId("ID:" + result.messageId());
        }
        span.end();
    }

    private static void setMessageId(Message message, String id) {
        try {
            message.setJMSMessageID(id);
        } catch (JMSException ignored) {
            // a foreign message that refuses its id: the send itself succeeded
        }
    }

    /** Tracks an asynchronous send here and in the session, until its CompletionListener returned. */
    private void sendStarted(CompletableFuture<?> callbackDone) {
        incompleteSends.add(callbackDone);
        callbackDone.whenComplete((r, e) -> incompleteSends.remove(callbackDone));
        session.sendStarted(callbackDone);
    }

    /**
     * A negative time to live is refused: it was stored as "never expires", the opposite of what
     * the number suggests (0 is the JMS value for that). The message of the exception names the rule.
     */
    static void checkTimeToLive(long ttl) throws JMSException {
        if (ttl < 0) {
            throw new JMSException("A time to live must be 0 (never expires) or a positive number of milliseconds, got " + ttl);
        }
    }

    /** A negative delivery delay is refused (0 = deliver at once). */
    static void checkDeliveryDelay(long delay) throws JMSException {
        if (delay < 0) {
            throw new JMSException("A delivery delay must be 0 or a positive number of milliseconds, got " + delay);
        }
    }

    /** @param ownId the JMSMessageID the producer gave the message itself, or null for the store's */
    private SendMessageRequest request(JaqsDestination to, Message message, int prio, long ttl, long now, String ownId,
                                       Map<String, MessageAttributeValue> trace) throws JMSException {
        MessageCodec.EncodedMessage encoded = MessageCodec.encode(message, session.connection.destinationCodec);
        Map<String, MessageAttributeValue> attributes = encoded.attributes();
        String user = session.connection.authenticatedUser();
        if (disableMessageId || ownId != null || !trace.isEmpty() || user != null || attributes.containsKey(USER_ID_PROPERTY)) {
            attributes = new HashMap<>(attributes);
            attributes.putAll(trace); // this send's context replaces one the message carried from an earlier send
        }
        // JMSXUserID is the provider's to set (JMS 3.5.9): the authenticated user, never what the client put there
        attributes.remove(USER_ID_PROPERTY);
        if (user != null) {
            attributes.put(USER_ID_PROPERTY, MessageAttributeValue.string(user));
        }
        if (disableMessageId) {
            // the receiver must see no id either (JMS 3.4.3: a hint accepted means null on "these messages")
            attributes.put(NO_MESSAGE_ID_ATTRIBUTE, MessageAttributeValue.string("true"));
        }
        if (ownId != null) {
            attributes.put(MESSAGE_ID_ATTRIBUTE, MessageAttributeValue.string(ownId));
        }
        SendMessageRequest.Builder b = SendMessageRequest.builder(encoded.body())
                .attributes(attributes)
                .providerAttributeRules()
                .priority(prio);
        if (deliveryDelay > 0) {
            b.deliveryTime(Instant.ofEpochMilli(now + deliveryDelay));
        }
        if (ttl > 0) {
            b.expiration(Instant.ofEpochMilli(now + ttl));
        }
        if (to.isFifo()) {
            String group = message.propertyExists(GROUP_ID_PROPERTY) ? message.getStringProperty(GROUP_ID_PROPERTY) : null;
            b.messageGroupId(group == null || group.isEmpty() ? session.connection.factory.getFifoGroupId() : group);
            String dedup = message.propertyExists(DEDUPLICATION_ID_PROPERTY) ? message.getStringProperty(DEDUPLICATION_ID_PROPERTY) : null;
            // no dedup asked for: every send is a new message (a topic's subscription queues are not known here,
            // so a FIFO publish always carries an id: content-based deduplication does not apply to topics)
            if (dedup == null && (to.isTopic() || !session.connection.contentBasedDeduplication(to))) {
                dedup = UUID.randomUUID().toString();
            }
            if (dedup != null) {
                b.messageDeduplicationId(dedup);
            }
        }
        return b.build();
    }

    /**
     * Closes the producer once its asynchronous sends are complete and their CompletionListeners
     * returned (JMS 7.3.8); from one of those listeners it is an IllegalStateException.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        session.checkNotInCompletionListener("close()");
        JaqsSession.awaitSends(List.copyOf(incompleteSends));
        discard();
    }

    /** Closes without waiting: for the JMSProducer's one-send producers, whose sends the session waits for. */
    void discard() {
        closed = true;
        session.producerClosed(this);
    }

    private void checkOpen() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("producer");
        }
    }
}
