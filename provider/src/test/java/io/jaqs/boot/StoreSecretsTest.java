package io.jaqs.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's user, password and encryption key reach the database from an environment variable
 * ({@code env:NAME}; the surefire configuration sets JAQS_TEST_STORE_USER and JAQS_TEST_STORE_KEY)
 * or a file ({@code file:/path}), read once when the broker opens the store (Brokers.open). An H2
 * file store is created with the credentials it is first opened with, so reopening it with the
 * plain values shows what was read, and a wrong password is refused.
 */
class StoreSecretsTest {
    @TempDir
    Path dir;

    private static JaqsConnectionFactory factory(String url, String user, String password, String key) {
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        f.setStoreUser(user);
        f.setStorePassword(password);
        f.setStoreEncryptionKey(key);
        return f;
    }

    @Test
    void userFromTheEnvironmentAndPasswordFromAFile() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("creds").toAbsolutePath();
        Path pw = Files.writeString(dir.resolve("store-password"), "pw-from-a-file\n");
        try {
            factory(url, "env:JAQS_TEST_STORE_USER", "file:" + pw, null).getBroker().createQueue("q", Map.of());
            BrokerRegistry.shutdown(url);

            // the values read were the variable's and the file's (without its line break)
            Broker reopened = factory(url, "jaqs_env_user", "plain:pw-from-a-file", null).getBroker();
            assertEquals(1, reopened.listQueues("q").size());
            BrokerRegistry.shutdown(url);

            JMSException wrong = assertThrows(JMSException.class,
                    () -> factory(url, "jaqs_env_user", "pw-from-a-file\n", null).getBroker());
            assertTrue(wrong.getMessage().contains("Wrong user name or password"), wrong.getMessage());
            assertFalse(BrokerRegistry.isOpen(url));
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }

    @Test
    void anEncryptionKeyFromTheEnvironmentOrAFile() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("enc").toAbsolutePath();
        Path key = Files.writeString(dir.resolve("store-key"), "key-from-the-environment\n");
        try {
            Broker b = factory(url, null, null, "env:JAQS_TEST_STORE_KEY").getBroker();
            b.createQueue("q", Map.of());
            assertEquals("true", b.getQueueAttributes("q", List.of("SqsManagedSseEnabled")).get("SqsManagedSseEnabled"));
            BrokerRegistry.shutdown(url);

            // the same key from a file opens it; without the key it does not open
            assertThrows(JMSException.class, () -> factory(url, null, null, null).getBroker());
            Broker again = factory(url, null, null, "file:" + key).getBroker();
            assertEquals("true", again.getQueueAttributes("q", List.of("All")).get("SqsManagedSseEnabled"));
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }

    @Test
    void anUnreadableSourceFailsNamingItAndCreatesNothing() {
        String url = "jdbc:h2:file:" + dir.resolve("never").toAbsolutePath();
        JMSException env = assertThrows(JMSException.class,
                () -> factory(url, null, "env:JAQS_TEST_NO_SUCH_VARIABLE", null).getBroker());
        assertTrue(env.getMessage().contains("storePassword") && env.getMessage().contains("JAQS_TEST_NO_SUCH_VARIABLE"),
                env.getMessage());
        Path missing = dir.resolve("no-key-file");
        JMSException file = assertThrows(JMSException.class,
                () -> factory(url, null, null, "file:" + missing).getBroker());
        assertTrue(file.getMessage().contains("storeEncryptionKey") && file.getMessage().contains(missing.toString()),
                file.getMessage());
        JMSException user = assertThrows(JMSException.class,
                () -> factory(url, "env:JAQS_TEST_NO_SUCH_USER", null, null).getBroker());
        assertTrue(user.getMessage().contains("storeUser"), user.getMessage());
        assertFalse(BrokerRegistry.isOpen(url));
        assertFalse(Files.exists(dir.resolve("never.mv.db")), "no store was created");
    }

    @Test
    void aRefusedKeyNamesTheRuleThroughTheFactory() {
        JMSException mem = assertThrows(JMSException.class,
                () -> factory("jdbc:h2:mem:secrets-mem", null, null, "plain:key").getBroker());
        assertTrue(mem.getMessage().contains("in-memory"), mem.getMessage());
        JMSException spaced = assertThrows(JMSException.class,
                () -> factory("jdbc:h2:file:" + dir.resolve("spaced"), null, null, "two words").getBroker());
        assertTrue(spaced.getMessage().contains("whitespace") && !spaced.getMessage().contains("two words"),
                spaced.getMessage());
    }
}
