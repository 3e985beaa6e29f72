package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.store.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of storeEncryptionKey, refused before anything is opened or created, and what SQS's
 * encryption attributes say and accept: SqsManagedSseEnabled reports the store, KmsMasterKeyId is refused.
 */
class StoreEncryptionKeyTest {
    @TempDir
    Path dir;

    private static IllegalArgumentException refused(String url, String key) {
        return assertThrows(IllegalArgumentException.class,
                () -> JdbcQueueStore.open(url, null, null, key, Durability.PROCESS, 1).close());
    }

    @Test
    void anInMemoryStoreIsRefused() {
        IllegalArgumentException e = refused("jdbc:h2:mem:enc-refused", "key");
        assertTrue(e.getMessage().contains("in-memory") && e.getMessage().contains("storeEncryptionKey"), e.getMessage());
        // nothing was opened: the name is free for a plain in-memory store
        JdbcQueueStore.open("jdbc:h2:mem:enc-refused").close();
    }

    @Test
    void aPostgresqlStoreIsRefusedPointingToTls() {
        IllegalArgumentException e = refused("jdbc:postgresql://127.0.0.1:1/none", "key");
        assertTrue(e.getMessage().contains("PostgreSQL") && e.getMessage().contains("sslmode"), e.getMessage());
    }

    @Test
    void anEmptyKeyOrOneWithWhitespaceIsRefused() {
        String url = "jdbc:h2:file:" + dir.resolve("k");
        IllegalArgumentException empty = refused(url, "");
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        for (String key : new String[] {"two words", " lead", "tab\tkey", "line\n"}) {
            IllegalArgumentException e = refused(url, key);
            assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
            assertFalse(e.getMessage().contains(key), "the key is not shown: " + e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("k.mv.db")), "no store file was created");
    }

    @Test
    void aUrlsOwnCipherSettingIsRefused() {
        String url = "jdbc:h2:file:" + dir.resolve("c") + ";CIPHER=AES";
        for (String key : new String[] {null, "key"}) {
            IllegalArgumentException e = refused(url, key);
            assertTrue(e.getMessage().contains("CIPHER") && e.getMessage().contains("storeEncryptionKey"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("c.mv.db")));
    }

    @Test
    void sqsManagedSseEnabledReportsTheStore() {
        try (JaqsBroker encrypted = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("e"), null, null, "key",
                Durability.PROCESS, 1), BrokerConfig.defaults());
             JaqsBroker plain = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("p")), BrokerConfig.defaults())) {
            encrypted.createQueue("q", Map.of());
            plain.createQueue("q", Map.of());
            assertEquals("true", encrypted.getQueueAttributes("q", List.of("SqsManagedSseEnabled")).get("SqsManagedSseEnabled"));
            assertEquals("false", plain.getQueueAttributes("q", List.of("All")).get("SqsManagedSseEnabled"));

            // saying what the store does is accepted (and changes nothing); the other value is refused
            encrypted.createQueue("q", Map.of("SqsManagedSseEnabled", "true"));
            encrypted.setQueueAttributes("q", Map.of("SqsManagedSseEnabled", "TRUE"));
            plain.createQueue("q2", Map.of("SqsManagedSseEnabled", "false"));
            assertEquals("false", plain.getQueueAttributes("q2", List.of("All")).get("SqsManagedSseEnabled"));

            Map<String, String> before = plain.getQueueAttributes("q", List.of("All"));
            BrokerException on = assertThrows(BrokerException.class,
                    () -> plain.setQueueAttributes("q", Map.of("SqsManagedSseEnabled", "true", "DelaySeconds", "5")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, on.code());
            assertTrue(on.getMessage().contains("not encrypted") && on.getMessage().contains("storeEncryptionKey"), on.getMessage());
            assertEquals(before, plain.getQueueAttributes("q", List.of("All")), "a refused change changes nothing");
            BrokerException create = assertThrows(BrokerException.class,
                    () -> plain.createQueue("q3", Map.of("SqsManagedSseEnabled", "true")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, create.code());
            assertTrue(plain.listQueues("q3").isEmpty(), "the queue was not created");
            BrokerException off = assertThrows(BrokerException.class,
                    () -> encrypted.setQueueAttributes("q", Map.of("SqsManagedSseEnabled", "false")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, off.code());
            BrokerException bad = assertThrows(BrokerException.class,
                    () -> plain.setQueueAttributes("q", Map.of("SqsManagedSseEnabled", "yes")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, bad.code());
        }
    }

    @Test
    void kmsMasterKeyIdIsRefusedWithTheStoreUnchanged() {
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("kms"), null, null, "key",
                Durability.PROCESS, 1), BrokerConfig.defaults())) {
            broker.createQueue("q", Map.of());
            Map<String, String> before = broker.getQueueAttributes("q", List.of("All"));
            BrokerException set = assertThrows(BrokerException.class,
                    () -> broker.setQueueAttributes("q", Map.of("KmsMasterKeyId", "alias/aws/sqs", "DelaySeconds", "5")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, set.code());
            assertTrue(set.getMessage().contains("KmsMasterKeyId") && set.getMessage().contains("storeEncryptionKey"), set.getMessage());
            assertEquals(before, broker.getQueueAttributes("q", List.of("All")));
            BrokerException create = assertThrows(BrokerException.class,
                    () -> broker.createQueue("k", Map.of("KmsMasterKeyId", "alias/aws/sqs")));
            assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, create.code());
            assertTrue(broker.listQueues("k").isEmpty());
            broker.setQueueAttributes("q", Map.of("KmsMasterKeyId", "")); // SQS's "remove": nothing to remove
            assertFalse(broker.getQueueAttributes("q", List.of("All")).containsKey("KmsMasterKeyId"));
        }
    }
}
