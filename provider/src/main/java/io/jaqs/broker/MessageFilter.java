package io.jaqs.broker;

import java.util.Map;

/**
 * A predicate the core evaluates on candidate messages (the JMS facade passes compiled
 * selectors). It sees the message attributes only, never the body, and must be fast and free of
 * side effects: it runs inside the store's write transaction.
 */
@FunctionalInterface
public interface MessageFilter {
    boolean accept(Map<String, MessageAttributeValue> attributes);

    /**
     * The full form the core calls: also the message id and the receive count the message would
     * have if delivered now (JMS selectors may test JMSMessageID and JMSXDeliveryCount).
     */
    default boolean accept(Map<String, MessageAttributeValue> attributes, String messageId, int deliveryCount) {
        return accept(attributes);
    }
}
