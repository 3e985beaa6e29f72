package io.jaqs.broker;

/**
 * Told what a broker does, for metrics and management (Micrometer meters, JMX): registered with
 * {@link JaqsBroker#addObserver}. Calls come from the broker's threads, some from the store's
 * writer inside the work that does the change (a work that then fails was counted anyway: the
 * counts are approximate, as CloudWatch's are), so an observer must be quick and must not call
 * the broker. An observer that throws is logged and otherwise ignored.
 */
public interface BrokerObserver {
    /** A queue was created, or {@code createQueue} found it (idempotent for the observer). */
    default void queueCreated(String queue) {
    }

    default void queueDeleted(String queue) {
    }

    /** A message was stored in a queue by a send or a publish (not by a dead-letter move or a redrive). */
    default void messageSent(String queue, int bytes) {
    }

    /** A receive returned {@code count} messages ({@code count} 0: an empty receive). */
    default void messagesReceived(String queue, int count) {
    }

    /** A message was deleted through a current receipt handle (acknowledged). */
    default void messageDeleted(String queue) {
    }

    /** A message exceeded maxReceiveCount and was moved to the dead-letter queue. */
    default void movedToDeadLetterQueue(String source, String deadLetterQueue) {
    }

    /** The broker closed: the last event. */
    default void brokerClosed() {
    }
}
