package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.security.Action;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The permission matrix over the SQS API (AWS SDK v2, SigV4): the access key id is the user. For
 * each action SQS can express (send, consume, createQueue, deleteQueue, manage: purge, attributes,
 * AddPermission), the key granted it succeeds and the key granted every other action gets 403
 * AccessDenied naming key, action and queue, with the store unchanged. SQS has no browse and no
 * durable subscriptions, so those rows are the JMS matrices'.
 */
class SqsPermissionMatrixTest {
    static final List<Action> SQS_ACTIONS = List.of(Action.SEND, Action.CONSUME, Action.CREATE_QUEUE, Action.DELETE_QUEUE, Action.MANAGE);

    @TempDir
    Path dir;
    ServerFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private void start() {
        ServerConfig c = ServerConfig.defaults().withPort(0).withAccessKey(ServerFixture.KEY_ID, ServerFixture.SECRET);
        StringJoiner roles = new StringJoiner("; ");
        StringJoiner permissions = new StringJoiner("; ");
        roles.add("admins:" + ServerFixture.KEY_ID).add("readers:orders-reader");
        c = c.withAccessKey("orders-reader", "s");
        permissions.add("consume:orders:readers");
        permissions.add(names(List.of(Action.values())) + ":#:admins");
        for (Action a : Action.values()) {
            c = c.withAccessKey("yes-" + a.artemisName(), "s").withAccessKey("no-" + a.artemisName(), "s");
            roles.add("r-yes-" + a.artemisName() + ":yes-" + a.artemisName()).add("r-no-" + a.artemisName() + ":no-" + a.artemisName());
            permissions.add(names(List.of(a)) + ":#:r-yes-" + a.artemisName());
            permissions.add(names(Stream.of(Action.values()).filter(x -> x != a).toList()) + ":#:r-no-" + a.artemisName());
        }
        f = new ServerFixture(dir, c.withPermissions(roles.toString(), permissions.toString(), null));
        String url = f.sqs.createQueue(b -> b.queueName("orders")).queueUrl();
        f.sqs.sendMessage(b -> b.queueUrl(url).messageBody("seed"));
    }

    private static String names(List<Action> actions) {
        StringJoiner j = new StringJoiner(",");
        actions.forEach(a -> j.add(a.artemisName()));
        return j.toString();
    }

    static Stream<Arguments> matrix() {
        return Stream.concat(SQS_ACTIONS.stream().map(Action::artemisName), Stream.of("manage:SetQueueAttributes", "manage:AddPermission"))
                .flatMap(a -> Stream.of(Arguments.of(a, true), Arguments.of(a, false)));
    }

    Map<String, String> snapshot() {
        Broker b = f.broker;
        Map<String, String> m = new TreeMap<>();
        for (String url : b.listQueues(null)) {
            var c = b.approximateCounts(url);
            StringJoiner bodies = new StringJoiner("|");
            for (Iterator<ReceivedMessage> it = b.browse(url, null); it.hasNext(); ) {
                ReceivedMessage r = it.next();
                bodies.add(r.bodyAsString() + "#" + r.approximateReceiveCount());
            }
            m.put("queue " + url, c.visible() + "/" + c.notVisible() + "/" + c.delayed() + " " + bodies + " "
                    + b.getQueueAttributes(url, List.of("All")).entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("Approximate")).toList());
        }
        return m;
    }

    @ParameterizedTest(name = "SQS {0} allowed={1}")
    @MethodSource("matrix")
    void sqs(String row, boolean allowed) {
        start();
        Action action = Action.parse(row.contains(":") ? row.substring(0, row.indexOf(':')) : row);
        String key = (allowed ? "yes-" : "no-") + action.artemisName();
        String orders = f.sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl();
        Map<String, String> before = snapshot();
        try (SqsClient sqs = f.client(key, "s")) {
            Runnable act = switch (row) {
                case "send" -> () -> sqs.sendMessage(b -> b.queueUrl(orders).messageBody("m"));
                case "consume" -> () -> assertEquals("seed", sqs.receiveMessage(b -> b.queueUrl(orders)).messages().get(0).body());
                case "createQueue" -> () -> sqs.createQueue(b -> b.queueName("fresh"));
                case "deleteQueue" -> () -> sqs.deleteQueue(b -> b.queueUrl(orders));
                case "manage" -> () -> sqs.purgeQueue(b -> b.queueUrl(orders));
                case "manage:SetQueueAttributes" -> () -> sqs.setQueueAttributes(b -> b.queueUrl(orders)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "99")));
                case "manage:AddPermission" -> () -> sqs.addPermission(b -> b.queueUrl(orders).label("l1")
                        .awsAccountIds("111122223333").actions("SendMessage"));
                default -> throw new IllegalArgumentException(row);
            };
            if (allowed) {
                act.run();
                switch (row) {
                    case "send" -> assertEquals(2, f.broker.approximateCounts("orders").visible());
                    case "consume" -> assertEquals(1, f.broker.approximateCounts("orders").notVisible());
                    case "createQueue" -> assertEquals(1, f.broker.listQueues("fresh").size());
                    case "deleteQueue" -> assertTrue(f.broker.listQueues("orders").isEmpty());
                    case "manage" -> assertEquals(0, f.broker.approximateCounts("orders").visible());
                    case "manage:SetQueueAttributes" -> assertEquals("99",
                            f.broker.getQueueAttributes("orders", List.of("VisibilityTimeout")).get("VisibilityTimeout"));
                    default -> assertTrue(f.broker.getQueueAttributes("orders", List.of("Policy")).get("Policy").contains("l1"));
                }
                return;
            }
            SqsException e = assertThrows(SqsException.class, act::run);
            assertEquals(403, e.statusCode());
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            String destination = action == Action.CREATE_QUEUE ? "fresh" : "orders";
            assertEquals("User '" + key + "' may not " + action.artemisName() + " on '" + destination + "'", e.awsErrorDetails().errorMessage());
            assertEquals(before, snapshot(), "a denied " + row + " changes nothing");
        }
    }

    /** ListQueues shows a key only the queues it may do something with; other queues are refused by name. */
    @Test
    void aKeyLimitedToOneQueueSeesAndUsesOnlyIt() {
        start();
        f.broker.createQueue("payroll", Map.of());
        try (SqsClient sqs = f.client("orders-reader", "s")) {
            assertEquals(List.of("orders"), sqs.listQueues().queueUrls().stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toList());
            String payroll = sqs.getQueueUrl(b -> b.queueName("payroll")).queueUrl();
            SqsException e = assertThrows(SqsException.class, () -> sqs.receiveMessage(b -> b.queueUrl(payroll)));
            assertEquals("User 'orders-reader' may not consume on 'payroll'", e.awsErrorDetails().errorMessage());
        }
        assertEquals(2, f.broker.listQueues(null).size());
    }

    /** ./jaqs-server takes roles and permissions as options (or JAQS_ROLES, JAQS_PERMISSIONS); open mode with permissions is refused. */
    @Test
    void theServerCommandTakesRolesAndPermissions() throws Exception {
        ServerMain.Settings s = ServerMain.Settings.resolve(new String[] {"--access-key", "app:secret", "--roles", "writers:app", "--permissions", "send:orders-*:writers"}, Map.of());
        assertTrue(s.config.security().authorizes());
        assertTrue(s.config.security().allows("app", Action.SEND, "orders-eu"));
        assertTrue(!s.config.security().allows("app", Action.SEND, "payroll"));
        ServerMain.Settings env = ServerMain.Settings.resolve(new String[] {"--access-key", "app:secret"},
                Map.of("JAQS_ROLES", "readers:app", "JAQS_PERMISSIONS", "consume:#:readers"));
        assertTrue(env.config.security().allows("app", Action.CONSUME, "x"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ServerMain.Settings.resolve(
                new String[] {"--access-key", "app:secret", "--permissions", "publish:#:r"}, Map.of()));
        assertTrue(bad.getMessage().startsWith("permission 'publish:#:r': Unknown action 'publish'"), bad.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> SqsServer.start(null,
                ServerConfig.defaults().withPort(0).withOpen(true).withPermissions("r:app", "send:#:r", null)));
        assertTrue(open.getMessage().startsWith("Permissions need signed requests"), open.getMessage());
    }
}
