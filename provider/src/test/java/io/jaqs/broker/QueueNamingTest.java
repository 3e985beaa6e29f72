package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jaqs.broker.security.SecurityPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SPI's two ways to name a queue: the {@link QueueName} forms, and the {@code String}
 * conveniences (a Jaqs or AWS queue URL, or a bare name) that read it with one parse.
 */
class QueueNamingTest extends BrokerTestSupport {
    private static final String URL_PREFIX = "http://localhost:9324/000000000000/";

    @Test
    void aQueueNameAJaqsUrlAnAwsUrlAndABareNameReachTheSameQueue() {
        QueueName orders = QueueName.of("orders");
        assertEquals(URL_PREFIX + "orders", broker.createQueue(orders, attrs()));
        broker.sendMessage(orders, SendMessageRequest.builder("by value").build());
        broker.sendMessage(URL_PREFIX + "orders", SendMessageRequest.builder("by Jaqs URL").build());
        broker.sendMessage("https://sqs.eu-west-1.amazonaws.com/123456789012/orders", SendMessageRequest.builder("by AWS URL").build());
        broker.sendMessage("orders", SendMessageRequest.builder("by name").build());
        assertEquals(List.of("by value", "by Jaqs URL", "by AWS URL", "by name"),
                bodies(broker.receiveMessage(orders, ReceiveMessageRequest.of(10))));
        assertEquals(URL_PREFIX + "orders", broker.getQueueUrl(orders));
    }

    @Test
    void theStringFormsKeepTheLookupsErrorCodes() {
        queue("orders");
        BrokerException empty = brokerError(ErrorCode.MISSING_PARAMETER, () -> broker.purgeQueue(""));
        assertEquals("A queue URL or name is required", empty.getMessage());
        BrokerException noSuchName = brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.getQueueUrl(URL_PREFIX + "my.queue"));
        assertEquals("The specified queue does not exist: my.queue", noSuchName.getMessage());
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.approximateCounts(QueueName.of("missing")));
        BrokerException badCreate = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.createQueue("my.queue", attrs()));
        assertEquals(assertThrows(BrokerException.class, () -> QueueName.of("my.queue")).getMessage(), badCreate.getMessage(),
                "a create names the rule, as QueueName.of does");
        assertEquals(List.of(URL_PREFIX + "orders"), broker.listQueues(null), "nothing else was created");
    }

    @Test
    void listsOfNamesMatchTheListsOfUrls() {
        queue("dlq");
        String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":3}";
        queue("orders-b", "RedrivePolicy", redrive);
        queue("orders-a", "RedrivePolicy", redrive);
        queue("billing");
        assertEquals(List.of(QueueName.of("orders-a"), QueueName.of("orders-b")), broker.listQueueNames("orders"));
        assertEquals(List.of("billing", "dlq", "orders-a", "orders-b"),
                broker.listQueueNames(null).stream().map(QueueName::name).toList());
        assertEquals(broker.listQueueNames(null).stream().map(q -> URL_PREFIX + q).toList(), broker.listQueues(null));
        assertEquals(List.of(QueueName.of("orders-a"), QueueName.of("orders-b")),
                broker.listDeadLetterSourceQueueNames(QueueName.of("dlq")));
        assertEquals(List.of(URL_PREFIX + "orders-a", URL_PREFIX + "orders-b"), broker.listDeadLetterSourceQueues(URL_PREFIX + "dlq"));
    }

    @Test
    void aTransactionTakesBothForms() {
        queue("orders");
        try (BrokerTransaction t = broker.beginTransaction()) {
            t.sendMessage(QueueName.of("orders"), SendMessageRequest.builder("by value").build());
            t.sendMessage(URL_PREFIX + "orders", SendMessageRequest.builder("by URL").build());
            brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> t.sendMessage(URL_PREFIX + "my.queue", SendMessageRequest.builder("x").build()));
            t.commit();
        }
        assertEquals(List.of("by value", "by URL"), bodies(receive("orders", 10)));
    }

    @Test
    void aUsersViewListsTheNamesItMayUseAsItListsTheirUrls() {
        queue("orders");
        queue("payroll");
        queue("orders-dlq");
        SecurityPolicy policy = SecurityPolicy.of("alice:pw", "clerks:alice", "send:orders:clerks;browse:orders-dlq:clerks",
                null, null, null);
        Broker alice = policy.forUser(broker, "alice");
        assertEquals(List.of(QueueName.of("orders"), QueueName.of("orders-dlq")), alice.listQueueNames(null));
        assertEquals(List.of(URL_PREFIX + "orders", URL_PREFIX + "orders-dlq"), alice.listQueues(null));
        assertEquals(ErrorCode.ACCESS_DENIED, assertThrows(BrokerException.class,
                () -> alice.listDeadLetterSourceQueueNames(QueueName.of("orders-dlq"))).code(), "listing sources needs manage");
        BrokerException denied = assertThrows(BrokerException.class,
                () -> alice.sendMessage(QueueName.of("payroll"), SendMessageRequest.builder("x").build()));
        assertEquals(ErrorCode.ACCESS_DENIED, denied.code());
        assertEquals(0, broker.approximateCounts(QueueName.of("payroll")).visible(), "the denied send changed nothing");
    }
}
