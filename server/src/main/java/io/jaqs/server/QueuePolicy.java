package io.jaqs.server;

import io.jaqs.broker.Broker;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.security.Action;
import io.jaqs.broker.security.QueueGrants;
import java.util.List;
import java.util.Map;

/**
 * AddPermission and RemovePermission as statements of the queue's {@code Policy} attribute, the way
 * SQS records them. The statements are built and read by the core's {@link QueueGrants} (which the
 * authorizing broker consults when the configured permissions deny); this class only reads the
 * Policy and writes it back through the caller's broker, so both need {@code manage}.
 */
final class QueuePolicy {
    private QueuePolicy() {
    }

    static void addPermission(Broker broker, QueueName queue, String label, List<String> accounts, List<String> actions) {
        broker.authorize(Action.MANAGE, queue); // a caller without manage learns nothing about the Policy
        String policy = QueueGrants.withPermission(current(broker, queue), broker.queueArn(queue), label, accounts, actions);
        store(broker, queue, policy);
    }

    static void removePermission(Broker broker, QueueName queue, String label) {
        broker.authorize(Action.MANAGE, queue);
        store(broker, queue, QueueGrants.withoutPermission(current(broker, queue), label));
    }

    private static String current(Broker broker, QueueName queue) {
        return broker.getQueueAttributes(queue, List.of("Policy")).get("Policy");
    }

    private static void store(Broker broker, QueueName queue, String policy) {
        broker.setQueueAttributes(queue, Map.of("Policy", policy));
    }
}
