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
}
