package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The SPI's queue name: the SQS name rule, the URL forms it is read from, value equality. */
class QueueNameTest {

    @Test
    void validNamesAreKeptAsGiven() {
        assertEquals("orders", QueueName.of("orders").name());
        assertEquals("Orders_2-b", QueueName.of("Orders_2-b").toString());
        assertEquals("x".repeat(Limits.MAX_QUEUE_NAME_LENGTH), QueueName.of("x".repeat(Limits.MAX_QUEUE_NAME_LENGTH)).name());
        assertTrue(QueueName.of("orders.fifo").isFifo());
        assertFalse(QueueName.of("orders").isFifo());
    }

    @Test
    void anEmptyNameFailsSayingSo() {
        assertEquals("Queue name must not be empty", invalid(() -> QueueName.of("")).getMessage());
        assertEquals("Queue name must not be empty", invalid(() -> QueueName.of(null)).getMessage());
    }

    @Test
    void aTooLongNameFailsNamingTheLimit() {
        String name = "x".repeat(Limits.MAX_QUEUE_NAME_LENGTH + 1);
        assertEquals("Queue name '" + name + "' is 81 characters long; the limit is 80",
                invalid(() -> QueueName.of(name)).getMessage());
    }

    @Test
    void aNameWithOtherCharactersFailsNamingTheRule() {
        for (String name : new String[] {"my.queue", "a/b", "a b", ".fifo", "ü"}) {
            assertEquals("Queue name '" + name + "' may contain only alphanumeric characters, hyphens (-) and underscores (_)"
                    + ", with the suffix .fifo for FIFO queues, 1 to 80 characters", invalid(() -> QueueName.of(name)).getMessage());
        }
    }

    @Test
    void fromUrlReadsTheLastPathSegmentOfJaqsAndAwsUrls() {
        assertEquals(QueueName.of("orders"), QueueName.fromUrl("http://localhost:9324/000000000000/orders"));
        assertEquals(QueueName.of("orders.fifo"), QueueName.fromUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo"));
        assertEquals(QueueName.of("orders"), QueueName.fromUrl("orders"), "a bare name is its own URL");
    }

    @Test
    void fromUrlWithoutAValueIsAMissingParameter() {
        for (String url : new String[] {null, ""}) {
            BrokerException e = assertThrows(BrokerException.class, () -> QueueName.fromUrl(url));
            assertEquals(ErrorCode.MISSING_PARAMETER, e.code());
            assertEquals("A queue URL or name is required", e.getMessage());
        }
    }

    @Test
    void fromUrlOfANameNoQueueCanHaveIsANonExistentQueue() {
        for (String[] urlAndName : new String[][] {{"http://localhost:9324/000000000000/my.queue", "my.queue"},
                {"http://localhost:9324/000000000000/", ""}}) {
            BrokerException e = assertThrows(BrokerException.class, () -> QueueName.fromUrl(urlAndName[0]));
            assertEquals(ErrorCode.QUEUE_DOES_NOT_EXIST, e.code());
            assertEquals("The specified queue does not exist: " + urlAndName[1], e.getMessage());
        }
    }

    @Test
    void namesAreEqualByValue() {
        assertEquals(QueueName.of("orders"), QueueName.fromUrl("http://localhost:9324/000000000000/orders"));
        assertEquals(QueueName.of("orders").hashCode(), QueueName.of("orders").hashCode());
        assertNotEquals(QueueName.of("orders"), QueueName.of("Orders"));
    }

    private static BrokerException invalid(Executable call) {
        BrokerException e = assertThrows(BrokerException.class, call);
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
        return e;
    }
}
