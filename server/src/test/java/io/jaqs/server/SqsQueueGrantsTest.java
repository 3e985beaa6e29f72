package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.AddPermissionRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * AddPermission/RemovePermission map onto the permission model: an account id of a statement names
 * a Jaqs user (here an access key id) or a role, and the authorizing broker consults the queue's
 * grants when the configured permissions deny. Over the AWS SDK v2 with SigV4 on loopback, on a real
 * H2 store: the key {@code partner} may only consume {@code other} by its role; {@code test-key}
 * (admins) may do everything.
 */
class SqsQueueGrantsTest {
    static final String PARTNER = "partner";

    @TempDir
    Path dir;
    ServerFixture f;
    String orders;

    private ServerConfig config() {
        return ServerConfig.defaults().withPort(0).withAccessKey(ServerFixture.KEY_ID, ServerFixture.SECRET)
                .withAccessKey(PARTNER, "s")
                .withPermissions("admins:" + ServerFixture.KEY_ID + "; partners:" + PARTNER,
                        "send,consume,browse,createQueue,deleteQueue,manage:#:admins; consume:other:partners", null);
    }

    @BeforeEach
    void start() {
        f = new ServerFixture(dir, config());
        orders = f.sqs.createQueue(b -> b.queueName("orders")).queueUrl();
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private String policy() {
        return f.broker.getQueueAttributes("orders", List.of("Policy")).get("Policy");
    }

    private void sendAs(SqsClient sqs, String body) {
        sqs.sendMessage(b -> b.queueUrl(orders).messageBody(body));
    }

    private static void assertDenied(String expectedMessage, Runnable call) {
        SqsException e = assertThrows(SqsException.class, call::run);
        assertEquals(403, e.statusCode());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(expectedMessage, e.awsErrorDetails().errorMessage());
    }

    @Test
    void aGrantToTheKeyLetsItSendUntilItIsRemoved() {
        try (SqsClient partner = f.client(PARTNER, "s")) {
            assertDenied("User 'partner' may not send on 'orders'", () -> sendAs(partner, "before"));
            assertEquals(0, f.broker.approximateCounts("orders").visible());

            f.sqs.addPermission(b -> b.queueUrl(orders).label("partner-send").awsAccountIds(PARTNER).actions("SendMessage"));
            sendAs(partner, "granted");
            partner.sendMessageBatch(b -> b.queueUrl(orders).entries(e -> e.id("1").messageBody("batch")));
            assertEquals(2, f.broker.approximateCounts("orders").visible());
            // SendMessage grants send only: receiving stays denied, and so does managing the queue
            assertDenied("User 'partner' may not consume on 'orders'", () -> partner.receiveMessage(b -> b.queueUrl(orders)));
            assertDenied("User 'partner' may not manage on 'orders'", () -> partner.purgeQueue(b -> b.queueUrl(orders)));
            // a sender may read the queue's attributes (any action on a queue allows that)
            assertEquals("2", partner.getQueueAttributes(b -> b.queueUrl(orders).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                    .attributesAsStrings().get("ApproximateNumberOfMessages"));

            f.sqs.removePermission(b -> b.queueUrl(orders).label("partner-send"));
            assertDenied("User 'partner' may not send on 'orders'", () -> sendAs(partner, "after"));
            assertEquals(2, f.broker.approximateCounts("orders").visible(), "the denied send after RemovePermission changed nothing");
        }
    }

    @Test
    void aGrantToARoleReachesItsUsers() {
        f.broker.sendMessage("orders", io.jaqs.broker.SendMessageRequest.builder("work").build());
        try (SqsClient partner = f.client(PARTNER, "s")) {
            assertDenied("User 'partner' may not consume on 'orders'", () -> partner.receiveMessage(b -> b.queueUrl(orders)));
            f.sqs.addPermission(b -> b.queueUrl(orders).label("partners-consume").awsAccountIds("partners")
                    .actions("ReceiveMessage", "DeleteMessage"));
            var m = partner.receiveMessage(b -> b.queueUrl(orders)).messages();
            assertEquals("work", m.get(0).body());
            partner.deleteMessage(b -> b.queueUrl(orders).receiptHandle(m.get(0).receiptHandle()));
            assertEquals(0, f.broker.approximateCounts("orders").notVisible());
            assertDenied("User 'partner' may not send on 'orders'", () -> sendAs(partner, "no"));
        }
    }

    @Test
    void aJmsConnectionOfTheSameUserHonoursTheGrant() throws Exception {
        JaqsConnectionFactory jms = new JaqsConnectionFactory(f.storeUrl); // the same store, so the same broker core
        jms.setUsers(PARTNER + ":pw");
        jms.setRoles("partners:" + PARTNER);
        jms.setPermissions("consume:other:partners");
        try (Connection c = jms.createConnection(PARTNER, "pw")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            JMSSecurityException e = assertThrows(JMSSecurityException.class, () -> p.send(s.createTextMessage("denied")));
            assertEquals("User 'partner' may not send on 'orders'", e.getMessage());
            assertEquals(0, f.broker.approximateCounts("orders").visible());

            f.sqs.addPermission(b -> b.queueUrl(orders).label("partner-send").awsAccountIds(PARTNER).actions("SendMessage"));
            p.send(s.createTextMessage("over JMS"));
            assertEquals(1, f.broker.approximateCounts("orders").visible());
        }
    }

    /** A topic of the queue's name gets none of the queue's grants, in a plain session nor in an XA branch. */
    @Test
    void aTopicOfTheSameNameIsNotGrantedByTheQueuePolicy() throws Exception {
        f.sqs.addPermission(b -> b.queueUrl(orders).label("partner-send").awsAccountIds(PARTNER).actions("SendMessage"));
        JaqsXAConnectionFactory jms = new JaqsXAConnectionFactory(f.storeUrl);
        jms.setUsers(PARTNER + ":pw");
        jms.setRoles("partners:" + PARTNER);
        jms.setPermissions("consume:other:partners");
        try (Connection c = jms.createConnection(PARTNER, "pw")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JMSSecurityException e = assertThrows(JMSSecurityException.class,
                    () -> s.createProducer(s.createTopic("orders")).send(s.createTextMessage("to the topic")));
            assertEquals("User 'partner' may not send on 'orders'", e.getMessage());
        }
        try (XAConnection c = jms.createXAConnection(PARTNER, "pw")) {
            XASession s = c.createXASession();
            Xid xid = new TestXid();
            s.getXAResource().start(xid, XAResource.TMNOFLAGS);
            JMSSecurityException e = assertThrows(JMSSecurityException.class,
                    () -> s.createProducer(s.createTopic("orders")).send(s.createTextMessage("to the topic in a branch")));
            assertEquals("User 'partner' may not send on 'orders'", e.getMessage());
            s.createProducer(s.createQueue("orders")).send(s.createTextMessage("to the queue in a branch")); // the grant's own queue
            s.getXAResource().end(xid, XAResource.TMSUCCESS);
            s.getXAResource().commit(xid, true);
        }
        assertEquals(1, f.broker.approximateCounts("orders").visible());
    }

    record TestXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier) implements Xid {
        TestXid() {
            this(4660, "grants-gtrid".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1});
        }
    }

    @Test
    void aGrantSurvivesABrokerRestart() {
        f.sqs.addPermission(b -> b.queueUrl(orders).label("partner-send").awsAccountIds(PARTNER).actions("SendMessage"));
        f.close();
        f = new ServerFixture(dir, config()); // the same H2 file, a new broker core and server
        orders = f.sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl();
        try (SqsClient partner = f.client(PARTNER, "s")) {
            sendAs(partner, "after restart");
        }
        assertEquals(1, f.broker.approximateCounts("orders").visible());
    }

    @Test
    void theWildcardGrantsTheMessageActionsOfThatQueueOnlyAndNoneOfItsOwners() {
        f.sqs.createQueue(b -> b.queueName("payroll"));
        f.sqs.addPermission(b -> b.queueUrl(orders).label("all").awsAccountIds(PARTNER).actions("*"));
        try (SqsClient partner = f.client(PARTNER, "s")) {
            sendAs(partner, "m");
            assertEquals("m", partner.receiveMessage(b -> b.queueUrl(orders)).messages().get(0).body());
            String payroll = partner.getQueueUrl(b -> b.queueName("payroll")).queueUrl();
            assertDenied("User 'partner' may not send on 'payroll'", () -> partner.sendMessage(b -> b.queueUrl(payroll).messageBody("x")));
            assertEquals(List.of("orders"), partner.listQueues().queueUrls().stream()
                    .map(u -> u.substring(u.lastIndexOf('/') + 1)).toList(), "ListQueues shows the granted queue");
            // the owner's actions stay the owner's (as in SQS): no purge, no delete, no passing the grant on
            assertThrows(SqsException.class, () -> partner.purgeQueue(b -> b.queueUrl(orders)));
            assertThrows(SqsException.class, () -> partner.deleteQueue(b -> b.queueUrl(orders)));
            SqsException regrant = assertThrows(SqsException.class, () -> partner.addPermission(b -> b.queueUrl(orders).label("more")
                    .awsAccountIds("someone-else").actions("SendMessage")));
            assertEquals("AccessDenied", regrant.awsErrorDetails().errorCode());
        }
        assertEquals(1, f.broker.listQueues("orders").size(), "the queue is still there");
        assertEquals(1, f.broker.approximateCounts("orders").notVisible(), "and the received message was not purged");
    }

    @Test
    void badInputGetsSqsCodesAndLeavesThePolicyUnchanged() {
        f.sqs.addPermission(b -> b.queueUrl(orders).label("kept").awsAccountIds(PARTNER).actions("SendMessage"));
        String before = policy();
        List<String> sixtyPrincipals = IntStream.range(0, 60).mapToObj(i -> "user" + i).toList();
        Map<String, Consumer<AddPermissionRequest.Builder>> bad = new java.util.LinkedHashMap<>();
        bad.put("InvalidParameterValue|Value bad label for parameter Label is invalid. Reason: a label is 1 to 80 characters of A-Z a-z 0-9 - _.",
                b -> b.label("bad label").awsAccountIds(PARTNER).actions("SendMessage"));
        bad.put("InvalidParameterValue|Value kept for parameter Label is invalid. Reason: Already exists.",
                b -> b.label("kept").awsAccountIds(PARTNER).actions("ReceiveMessage"));
        bad.put("MissingParameter|The request must contain the parameter AWSAccountIds.",
                b -> b.label("l").awsAccountIds(List.of()).actions("SendMessage"));
        bad.put("MissingParameter|The request must contain the parameter Actions.",
                b -> b.label("l").awsAccountIds(PARTNER).actions(List.of()));
        bad.put("InvalidParameterValue|Value SQS:PurgeQueue for parameter ActionName is invalid. Reason: Jaqs maps these SQS actions onto"
                        + " its permissions: SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes,"
                        + " GetQueueUrl, * (the others need the manage permission of a role).",
                b -> b.label("l").awsAccountIds(PARTNER).actions("PurgeQueue"));
        bad.put("InvalidParameterValue|Value a b for parameter AWSAccountIds is invalid. Reason: an account id is a Jaqs user or role name"
                        + " (or a 12-digit AWS account id): 1 to 64 characters of A-Z a-z 0-9 _ + = , . @ -.",
                b -> b.label("l").awsAccountIds("a b").actions("SendMessage"));
        bad.put("OverLimit|8 Actions were found, maximum allowed is 7.",
                b -> b.label("l").awsAccountIds(PARTNER).actions("SendMessage", "ReceiveMessage", "DeleteMessage",
                        "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "*", "SendMessage"));
        bad.put("OverLimit|The queue's Policy would name 61 principals, the maximum allowed is 50.",
                b -> b.label("l").awsAccountIds(sixtyPrincipals).actions("SendMessage"));
        List<String> failures = new ArrayList<>();
        bad.forEach((expected, request) -> {
            SqsException e = assertThrows(SqsException.class, () -> f.sqs.addPermission(b -> request.accept(b.queueUrl(orders))));
            String got = e.awsErrorDetails().errorCode() + "|" + e.awsErrorDetails().errorMessage();
            if (!got.equals(expected)) {
                failures.add("expected " + expected + "\n     got " + got);
            }
            assertEquals(before, policy(), "a refused AddPermission leaves the Policy as it was: " + expected);
        });
        assertEquals(List.of(), failures);

        SqsException unknown = assertThrows(SqsException.class, () -> f.sqs.removePermission(b -> b.queueUrl(orders).label("nope")));
        assertEquals("InvalidParameterValue", unknown.awsErrorDetails().errorCode());
        assertEquals("Value nope for parameter Label is invalid. Reason: can't find label on existing policy.",
                unknown.awsErrorDetails().errorMessage());
        SqsException noLabel = assertThrows(SqsException.class, () -> f.sqs.removePermission(b -> b.queueUrl(orders)));
        assertEquals("MissingParameter", noLabel.awsErrorDetails().errorCode());
        assertEquals(before, policy());
    }

    @Test
    void aPolicyHoldsAtMostTwentyStatements() {
        for (int i = 1; i <= 20; i++) {
            String label = "l" + i;
            f.sqs.addPermission(b -> b.queueUrl(orders).label(label).awsAccountIds(PARTNER).actions("GetQueueUrl"));
        }
        String before = policy();
        SqsException e = assertThrows(SqsException.class, () ->
                f.sqs.addPermission(b -> b.queueUrl(orders).label("l21").awsAccountIds(PARTNER).actions("GetQueueUrl")));
        assertEquals(403, e.statusCode());
        assertEquals("OverLimit", e.awsErrorDetails().errorCode());
        assertEquals("The queue's Policy has 20 statements, the maximum allowed is 20; remove a permission first.",
                e.awsErrorDetails().errorMessage());
        assertEquals(before, policy());
    }

    @Test
    void changingGrantsNeedsManage() {
        try (SqsClient partner = f.client(PARTNER, "s")) {
            assertDenied("User 'partner' may not manage on 'orders'", () -> partner.addPermission(b -> b.queueUrl(orders).label("self")
                    .awsAccountIds(PARTNER).actions("*")));
            f.sqs.addPermission(b -> b.queueUrl(orders).label("partner-send").awsAccountIds(PARTNER).actions("SendMessage"));
            String before = policy();
            assertDenied("User 'partner' may not manage on 'orders'", () -> partner.removePermission(b -> b.queueUrl(orders).label("partner-send")));
            assertDenied("User 'partner' may not manage on 'orders'", () -> partner.setQueueAttributes(b -> b.queueUrl(orders)
                    .attributesWithStrings(Map.of("Policy", ""))));
            assertEquals(before, policy());
        }
    }
}
