package io.jaqs.broker;

import java.util.Map;

/**
 * What a subscriber asks for. Named kinds ({@link Subscription.Kind#SHARED}, durable ones) find an
 * existing subscription by client id and name; when it exists with another topic or selector it is
 * replaced if {@code replaceIfDifferent} (JMS: no active consumer on it), else the call fails. One of
 * another kind with the same client id and name (a durable one and a shared non-durable one, too)
 * is an error, never replaced (JMS).
 *
 * @param queueAttributes SQS attributes of the subscription's queue (visibility timeout, redrive policy…)
 */
public record SubscriptionRequest(String topic, Subscription.Kind kind, String clientId, String name, String selector,
                                  String noLocalPublisher, Map<String, String> queueAttributes, boolean replaceIfDifferent) {

    public static SubscriptionRequest nonDurable(String topic, String selector, String noLocalPublisher) {
        return new SubscriptionRequest(topic, Subscription.Kind.NON_DURABLE, null, null, selector, noLocalPublisher, Map.of(), false);
    }
}
