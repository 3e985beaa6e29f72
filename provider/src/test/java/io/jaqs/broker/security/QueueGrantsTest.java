package io.jaqs.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading a queue Policy's grants, and the statements AddPermission/RemovePermission write. */
class QueueGrantsTest {
    static final String ARN = "arn:aws:sqs:us-east-1:000000000000:orders";

    @Test
    void aStatementGrantsItsMappedActionsToTheNamedAccountsOnly() {
        String policy = QueueGrants.withPermission(null, ARN, "p1", List.of("app", "partners"), List.of("SendMessage", "DeleteMessage"));
        QueueGrants g = QueueGrants.parse(policy);
        assertTrue(g.allows(Set.of("app"), Action.SEND));
        assertTrue(g.allows(Set.of("bob", "partners"), Action.CONSUME), "a role named as the account reaches its users");
        assertFalse(g.allows(Set.of("app"), Action.BROWSE));
        assertFalse(g.allows(Set.of("app"), Action.MANAGE));
        assertFalse(g.allows(Set.of("eve"), Action.SEND));
        assertTrue(g.allowsReading(Set.of("app")));
        assertFalse(g.allowsReading(Set.of("eve")));
    }

    @Test
    void theWildcardIsTheMessageActionsAndReadsNotTheOwnersActions() {
        QueueGrants g = QueueGrants.parse(QueueGrants.withPermission(null, ARN, "all", List.of("app"), List.of("*")));
        for (Action a : List.of(Action.SEND, Action.CONSUME, Action.BROWSE)) {
            assertTrue(g.allows(Set.of("app"), a), a.artemisName());
        }
        for (Action a : List.of(Action.MANAGE, Action.DELETE_QUEUE, Action.CREATE_QUEUE, Action.CREATE_DURABLE_SUBSCRIPTION,
                Action.DELETE_DURABLE_SUBSCRIPTION)) {
            assertFalse(g.allows(Set.of("app"), a), a.artemisName());
        }
    }

    @Test
    void getQueueAttributesLetsReadOnlyAndGetQueueUrlGrantsNothing() {
        QueueGrants read = QueueGrants.parse(QueueGrants.withPermission(null, ARN, "r", List.of("app"), List.of("GetQueueAttributes")));
        assertTrue(read.allowsReading(Set.of("app")));
        for (Action a : Action.values()) {
            assertFalse(read.allows(Set.of("app"), a), a.artemisName());
        }
        QueueGrants url = QueueGrants.parse(QueueGrants.withPermission(null, ARN, "u", List.of("app"), List.of("GetQueueUrl")));
        assertFalse(url.allowsReading(Set.of("app")));
    }

    @Test
    void handWrittenPoliciesAreReadLeniently() {
        assertSame(QueueGrants.NONE, QueueGrants.parse(null));
        assertSame(QueueGrants.NONE, QueueGrants.parse("not json"));
        assertSame(QueueGrants.NONE, QueueGrants.parse("{\"Statement\":\"x\"}"));
        String policy = """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"a","Effect":"Allow","Principal":{"AWS":"app"},"Action":"sqs:ReceiveMessage","Resource":"x"},
                  {"Sid":"b","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::bob:root"]},"Action":["SQS:SendMessage"],
                   "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
                  {"Sid":"c","Effect":"Deny","Principal":{"AWS":"carol"},"Action":"SQS:*"},
                  {"Sid":"d","Effect":"Allow","Principal":"*","Action":"SQS:SendMessage"}]}""";
        QueueGrants g = QueueGrants.parse(policy);
        assertTrue(g.allows(Set.of("app"), Action.CONSUME), "a bare id and a lower-case prefix are read");
        assertFalse(g.allows(Set.of("bob"), Action.SEND), "a conditional statement grants nothing");
        assertFalse(g.allows(Set.of("carol"), Action.SEND), "a Deny statement grants nothing");
        assertFalse(g.allows(Set.of("dave"), Action.SEND), "a principal that is not an account names nobody");
    }

    @Test
    void removingALabelTakesItsGrantAway() {
        String two = QueueGrants.withPermission(QueueGrants.withPermission(null, ARN, "a", List.of("app"), List.of("SendMessage")),
                ARN, "b", List.of("bob"), List.of("SendMessage"));
        QueueGrants g = QueueGrants.parse(QueueGrants.withoutPermission(two, "a"));
        assertFalse(g.allows(Set.of("app"), Action.SEND));
        assertTrue(g.allows(Set.of("bob"), Action.SEND));
        BrokerException e = assertThrows(BrokerException.class, () -> QueueGrants.withoutPermission(null, "a"));
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
    }

    @Test
    void aStartedPolicyNamesTheQueueAndAStatementItsResource() {
        String policy = QueueGrants.withPermission("garbage", ARN, "p", List.of("123456789012"), List.of("sqs:SendMessage"));
        assertTrue(policy.contains("\"Id\":\"" + ARN + "/SQSDefaultPolicy\""), policy);
        assertTrue(policy.contains("\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:root\"]}"), policy);
        assertTrue(policy.contains("\"Action\":[\"SQS:SendMessage\"],\"Resource\":\"" + ARN + "\""), policy);
    }
}
