package io.jaqs.broker.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a caller may do on a destination, with the names ActiveMQ Artemis users know
 * ({@code send}, {@code consume}, {@code browse}, {@code createQueue}, {@code deleteQueue},
 * {@code createDurableSubscription}, {@code deleteDurableSubscription}, {@code manage}).
 */
public enum Action {
    /** Send to a queue or publish to a topic. */
    SEND("send"),
    /** Receive from a queue or a topic subscription, and acknowledge (delete, change visibility). */
    CONSUME("consume"),
    /** Read messages without receiving them (a QueueBrowser). */
    BROWSE("browse"),
    /** Create a queue (JMS creates queues on first use when auto-create is on). */
    CREATE_QUEUE("createQueue"),
    DELETE_QUEUE("deleteQueue"),
    /** Create a durable (or shared durable) subscription on a topic. */
    CREATE_DURABLE_SUBSCRIPTION("createDurableSubscription"),
    /** Delete (unsubscribe) a durable subscription of a topic. */
    DELETE_DURABLE_SUBSCRIPTION("deleteDurableSubscription"),
    /** Purge, set attributes and tags, start, list and cancel dead-letter move tasks. */
    MANAGE("manage");

    private final String artemisName;

    Action(String artemisName) {
        this.artemisName = artemisName;
    }

    /** The name in permissions and messages, as Artemis spells it. */
    public String artemisName() {
        return artemisName;
    }

    @Override
    public String toString() {
        return artemisName;
    }

    /** The action by its Artemis name (case-insensitive); throws IllegalArgumentException listing the names. */
    public static Action parse(String name) {
        String n = name == null ? "" : name.trim();
        for (Action a : values()) {
            if (a.artemisName.equalsIgnoreCase(n) || a.name().equalsIgnoreCase(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown action '" + n + "'; the actions are "
                + Arrays.stream(values()).map(Action::artemisName).collect(Collectors.joining(", "))
                + " (case does not matter: " + n.toLowerCase(Locale.ROOT) + ")");
    }
}
