package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file store opened with a storeEncryptionKey ({@code CIPHER=AES}) keeps no message body in
 * clear on disk, neither while it runs nor after its close, reopens with its key, and refuses a wrong
 * key (or none) without touching the file. The same sends to a plain store leave every body readable
 * in the running file: the byte search works. (After a clean close a plain file may no longer show
 * them: the close's SHUTDOWN COMPACT rewrites the file with H2's page compression.)
 */
class EncryptedStoreTest {
    private static final int MESSAGES = 50;
    private static final String KEY = "k3y-Of-The-Store";

    @TempDir
    Path dir;

    @Test
    void theEncryptedFileHoldsNoBodyAndReopensOnlyWithItsKey() throws Exception {
        Path db = dir.resolve("encrypted").toAbsolutePath();
        String url = "jdbc:h2:file:" + db;
        byte[][] running = new byte[1][];
        Set<String> bodies = sendAndClose(url, KEY, dir.resolve("encrypted.mv.db"), running);

        byte[] file = Files.readAllBytes(dir.resolve("encrypted.mv.db"));
        for (byte[] bytes : new byte[][] {running[0], file}) {
            assertTrue(bytes.length > 0);
            assertEquals(0, found(bytes, bodies), "bodies in clear in the encrypted file");
            assertEquals(-1, indexOf(bytes, "JAQS_MESSAGE".getBytes(StandardCharsets.US_ASCII)), "table names in clear");
        }

        // a wrong key, and no key, are refused, and the file is left as it was
        for (String wrong : new String[] {"not-the-key", null}) {
            StoreException e = assertThrows(StoreException.class,
                    () -> JdbcQueueStore.open(url, null, null, wrong, Durability.PROCESS, 1).close());
            assertTrue(e.getMessage().contains("storeEncryptionKey"), e.getMessage());
            assertArrayEquals(file, Files.readAllBytes(dir.resolve("encrypted.mv.db")),
                    "a refused open (key " + wrong + ") changed the file");
        }

        // the right key reads every message back
        assertEquals(bodies, receiveAll(url, KEY));
    }

    @Test
    void thePlainFileHoldsTheBodiesTheSearchLooksFor() throws Exception {
        Path db = dir.resolve("plain").toAbsolutePath();
        String url = "jdbc:h2:file:" + db;
        byte[][] running = new byte[1][];
        Set<String> bodies = sendAndClose(url, null, dir.resolve("plain.mv.db"), running);
        assertEquals(bodies.size(), found(running[0], bodies), "the running plain file holds every body in clear");
        assertTrue(indexOf(running[0], "JAQS_MESSAGE".getBytes(StandardCharsets.US_ASCII)) >= 0);
        byte[] file = Files.readAllBytes(dir.resolve("plain.mv.db"));

        StoreException withKey = assertThrows(StoreException.class,
                () -> JdbcQueueStore.open(url, null, null, KEY, Durability.PROCESS, 1).close());
        assertTrue(withKey.getMessage().contains("storeEncryptionKey"), withKey.getMessage());
        assertArrayEquals(file, Files.readAllBytes(dir.resolve("plain.mv.db")), "a refused open changed the plain file");
        assertEquals(bodies, receiveAll(url, null));
    }

    @Test
    void theStoreSaysWhetherItIsEncryptedAtRest() {
        try (JdbcQueueStore encrypted = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("e"), null, null, KEY,
                Durability.PROCESS, 1);
             JdbcQueueStore plain = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("p"), null, null, null,
                     Durability.PROCESS, 1)) {
            assertTrue(encrypted.encryptedAtRest());
            assertFalse(plain.encryptedAtRest());
        }
    }

    /** How many of the bodies are in the bytes, in clear. */
    private static int found(byte[] bytes, Set<String> bodies) {
        int n = 0;
        for (String body : bodies) {
            n += indexOf(bytes, body.getBytes(StandardCharsets.UTF_8)) >= 0 ? 1 : 0;
        }
        return n;
    }

    /** Sends distinctive bodies, copies the file's bytes while the store runs into {@code running[0]}, closes the store. */
    private static Set<String> sendAndClose(String url, String key, Path file, byte[][] running) throws java.io.IOException {
        Set<String> bodies = new HashSet<>();
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, key, Durability.PROCESS, 2),
                BrokerConfig.defaults())) {
            broker.createQueue("orders", Map.of());
            for (int i = 0; i < MESSAGES; i++) {
                String body = "Distinctive-Body-" + i + "-card-4111111111111111-" + "z".repeat(40);
                broker.sendMessage("orders", SendMessageRequest.builder(body).build());
                bodies.add(body);
            }
            running[0] = Files.readAllBytes(file); // every send returned: its commit is in the file (WRITE_DELAY=0)
        }
        return bodies;
    }

    private static Set<String> receiveAll(String url, String key) {
        Set<String> got = new HashSet<>();
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, key, Durability.PROCESS, 2),
                BrokerConfig.defaults())) {
            List<ReceivedMessage> batch;
            while (!(batch = broker.receiveMessage("orders", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)
                    .withVisibilityTimeoutSeconds(600))).isEmpty()) {
                batch.forEach(m -> got.add(m.bodyAsString()));
            }
        }
        return got;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
