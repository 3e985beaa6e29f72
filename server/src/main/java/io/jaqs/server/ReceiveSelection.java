package io.jaqs.server;

import io.jaqs.broker.QueueAttributeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a ReceiveMessage asks to get back: system attributes ({@code MessageSystemAttributeNames},
 * or the older {@code AttributeNames}) and message attributes ({@code MessageAttributeNames}: names,
 * {@code All}, {@code .*}, or prefixes such as {@code bar.*}).
 */
final class ReceiveSelection {
    static final Set<String> SYSTEM_ATTRIBUTES = Set.of("All", "SenderId", "SentTimestamp", "ApproximateReceiveCount",
            "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageDeduplicationId", "MessageGroupId",
            "AWSTraceHeader", "DeadLetterQueueSourceArn");

    private final Set<String> system;
    private final boolean allMessageAttributes;
    private final Set<String> messageAttributes;
    private final List<String> prefixes;

    private ReceiveSelection(Set<String> system, boolean allMessageAttributes, Set<String> messageAttributes, List<String> prefixes) {
        this.system = system;
        this.allMessageAttributes = allMessageAttributes;
        this.messageAttributes = messageAttributes;
        this.prefixes = prefixes;
    }

    static ReceiveSelection of(JsonParams p) {
        Set<String> system = new HashSet<>(p.strings("AttributeNames"));
        system.addAll(p.strings("MessageSystemAttributeNames"));
        for (String n : system) {
            // the older AttributeNames took queue attribute names too; SQS ignores those
            if (!SYSTEM_ATTRIBUTES.contains(n) && QueueAttributeName.find(n).isEmpty()) {
                throw SqsError.invalidAttributeName("Unknown message system attribute name: " + n);
            }
        }
        boolean all = false;
        Set<String> names = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String n : p.strings("MessageAttributeNames")) {
            if (n.equals("All") || n.equals(".*")) {
                all = true;
            } else if (n.endsWith(".*")) {
                prefixes.add(n.substring(0, n.length() - 1));
            } else {
                names.add(n);
            }
        }
        return new ReceiveSelection(system, all, names, prefixes);
    }

    boolean wantsSystemAttribute(String name) {
        return system.contains("All") || system.contains(name);
    }

    boolean wantsMessageAttribute(String name) {
        return allMessageAttributes || messageAttributes.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }
}
