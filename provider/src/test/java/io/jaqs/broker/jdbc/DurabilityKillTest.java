package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md, durability: "A PERSISTENT send that returned, and every message not yet deleted, survive kill -9."
 * A child JVM sends from several threads and receives and deletes, reporting each call only after
 * it returned; the test kills it with SIGKILL mid-stream, reopens the store and checks every report,
 * ten times on the same store file, at each durability level. (Run with a lower H2
 * {@code RETENTION_TIME} in the child's URL, this test lost confirmed sends: 0 at the first kill at
 * both levels, 1000 at the second kill at {@code disk}; hence the store keeps H2's 45 s.)
 */
class DurabilityKillTest {
    private static final int CYCLES = 10;
    private static final int SENDERS = 4;
    private static final int SENT_PER_CYCLE = 300;
    private static final int DELETED_PER_CYCLE = 30;
    /**
     * How long a cycle may take to confirm its traffic: a bound on progress, not a measurement. A healthy
     * child gets there in a few seconds and the cycle moves on at once; a loaded machine (a niced run at
     * load 11 confirmed 170 sends in 30 s, each compaction pausing every store call) needs longer.
     */
    private static final int PROGRESS_WAIT_SECONDS = 120;
    private static final int SIGKILL = 9;

    @TempDir
    Path dir;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.jaqs.broker.store.Durability.class)
    void confirmedSendsAndDeletesSurviveKill9(io.jaqs.broker.store.Durability durability) throws Exception {
        killCycles(durability, null, CYCLES, false);
    }

    /**
     * The encrypted store ({@code CIPHER=AES}, issue #20) survives kill -9 like the plain one: the
     * same checks, at durability PROCESS, with fewer cycles (its file format is the plain one's under
     * a cipher; the cycles above are what exercises H2's recovery). The file, read after the last
     * kill, holds no message body in clear.
     */
    @Test
    void anEncryptedStoreSurvivesKill9LikeThePlainOne() throws Exception {
        killCycles(io.jaqs.broker.store.Durability.PROCESS, ENCRYPTION_KEY, 4, false);
    }

    private static final String ENCRYPTION_KEY = "kill-9-key";

    /**
     * The same while the store compacts its H2 file over and over (the idle compaction's steps:
     * pool closed, SHUTDOWN COMPACT writing the live data aside and renaming it over the file, pool
     * reopened): each kill -9 comes as the child starts a compaction, so most land inside one. No
     * confirmed send is lost, no confirmed delete comes back, and the file opens every time.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.jaqs.broker.store.Durability.class)
    void confirmedSendsAndDeletesSurviveKill9DuringACompaction(io.jaqs.broker.store.Durability durability) throws Exception {
        int insideCompaction = killCycles(durability, null, CYCLES, true);
        System.out.println("DurabilityKillTest " + durability + ": " + insideCompaction + " of " + CYCLES
                + " kills landed inside a compaction");
        assertTrue(insideCompaction >= CYCLES / 2, "only " + insideCompaction + " of " + CYCLES
                + " kills landed inside a compaction (COMPACTING printed, COMPACTED not)");
    }

    /**
     * Kills the child {@code cycles} times on one file, checking every report each time; with
     * {@code compacting}, the child compacts over and over and is killed as a compaction starts.
     * Returns the kills that landed inside a compaction.
     */
    private int killCycles(io.jaqs.broker.store.Durability durability, String key, int cycles, boolean compacting) throws Exception {
        Path db = dir.resolve("durable").toAbsolutePath();
        int insideCompaction = 0;
        Set<String> sent = new HashSet<>();
        Set<String> received = new HashSet<>();
        Set<String> deleting = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Set<String> present = Set.of();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            int sentNow = 0;
            int deletedNow = 0;
            String[] args = {"run", db.toString(), Integer.toString(SENDERS), durability.name(), key == null ? "-" : key,
                    compacting ? "compacting" : "plain"};
            try (ChildJvm child = ChildJvm.start(dir, args)) {
                child.await("READY", 30);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROGRESS_WAIT_SECONDS);
                String line;
                int compacted = 0;
                // with compactions running, kill as the next one starts, once enough traffic was confirmed
                while ((line = child.nextLine(deadline)) != null) {
                    sentNow += record(line, sent, received, deleting, deleted, "SENT ") ? 1 : 0;
                    deletedNow += line.startsWith("DELETED ") ? 1 : 0;
                    compacted += line.equals("COMPACTED") ? 1 : 0;
                    assertFalse(line.startsWith("ERROR"), line + "\n" + child.diagnostics());
                    boolean enough = sentNow >= SENT_PER_CYCLE && deletedNow >= DELETED_PER_CYCLE;
                    if (enough && (!compacting || compacted > 0 && line.equals("COMPACTING"))) {
                        break;
                    }
                }
                assertTrue(sentNow >= SENT_PER_CYCLE && deletedNow >= DELETED_PER_CYCLE && (!compacting || compacted > 0),
                        "cycle " + cycle + ": only " + sentNow + " sends, " + deletedNow + " deletes and " + compacted
                        + " compactions confirmed in " + PROGRESS_WAIT_SECONDS + " s\n" + child.diagnostics());

                Process p = child.process();
                assertTrue(p.isAlive(), "the child is killed mid-stream, not after it stopped");
                p.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no H2 close
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the child did not die");
                assertEquals(128 + SIGKILL, p.exitValue(), "the child must end by SIGKILL (exit 137), not an orderly exit");
                assertFalse(p.toHandle().isAlive());
                boolean finished = false;
                for (String rest : child.drain(20)) {
                    assertFalse(rest.startsWith("SHUTDOWN-HOOK"), "kill -9 runs no shutdown hook; the child ran one");
                    assertFalse(rest.startsWith("ERROR"), rest + "\n" + child.diagnostics());
                    record(rest, sent, received, deleting, deleted, "SENT ");
                    finished |= rest.equals("COMPACTED");
                }
                if (compacting && !finished) {
                    insideCompaction++;
                }
            }

            if (key != null) { // as the kill left it, before anything reopens it
                byte[] file = java.nio.file.Files.readAllBytes(dir.resolve("durable.mv.db"));
                assertEquals(-1, EncryptedStoreTest.indexOf(file, "message ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                        "a body in clear in the encrypted file after kill -9 number " + cycle);
            }
            present = storedMessageIds(db, key);
            String where = "after kill -9 number " + cycle + " (" + sent.size() + " sends, " + deleted.size() + " deletes confirmed): ";
            for (String id : sent) {
                assertTrue(present.contains(id) || deleting.contains(id), where + "confirmed send " + id + " is lost");
            }
            for (String id : deleted) {
                assertFalse(present.contains(id), where + "confirmed delete of " + id + " came back");
            }
            for (String id : received) {
                if (!deleting.contains(id)) {
                    assertTrue(present.contains(id), where + "received, undeleted message " + id + " is lost");
                }
            }
        }

        // The store still works, and each message left is whole: a fresh broker, its clock past the
        // visibility timeouts, receives exactly the stored messages.
        ManualClock clock = new ManualClock(Instant.now().plus(Duration.ofHours(1)));
        Set<String> receivedAtEnd = new HashSet<>();
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + db, null, null, key,
                io.jaqs.broker.store.Durability.PROCESS, 4), BrokerConfig.withClock(clock))) {
            List<ReceivedMessage> got;
            while (!(got = broker.receiveMessage(StoreChild.QUEUE, ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)
                    .withVisibilityTimeoutSeconds(3600))).isEmpty()) {
                for (ReceivedMessage m : got) {
                    assertTrue(m.bodyAsString().startsWith("message "), m.bodyAsString());
                    assertTrue(receivedAtEnd.add(m.messageId()), "received twice: " + m.messageId());
                }
            }
        }
        assertEquals(present, receivedAtEnd);
        return insideCompaction;
    }

    /** Records one line of the child; true when it starts with {@code count}. */
    private static boolean record(String line, Set<String> sent, Set<String> received, Set<String> deleting, Set<String> deleted,
                                  String count) {
        int space = line.indexOf(' ');
        String id = space < 0 ? "" : line.substring(space + 1);
        switch (line.substring(0, Math.max(space, 0))) {
            case "SENT" -> sent.add(id);
            case "RECEIVED" -> received.add(id);
            case "DELETING" -> deleting.add(id);
            case "DELETED" -> deleted.add(id);
            default -> {
                // READY and the like
            }
        }
        return line.startsWith(count);
    }

    /** The message ids in the store file, read with plain JDBC after the child died. */
    private static Set<String> storedMessageIds(Path db, String key) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = key == null ? DriverManager.getConnection("jdbc:h2:file:" + db + ";WRITE_DELAY=0")
                : DriverManager.getConnection("jdbc:h2:file:" + db + ";WRITE_DELAY=0;CIPHER=AES", "", key + " ");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT message_id FROM jaqs_message")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ the negative control

    /**
     * Why the store refuses H2's write delay: it was measured (docs/architecture.md, store facts) that H2 with its default
     * {@code WRITE_DELAY} (500 ms) loses committed transactions on kill -9 (2,111 of ~139,500 rows
     * after 3 s). That loss is likely but not certain in any one run, so it is not a test here;
     * what is tested is that no URL can bring the delay back.
     */
    @Test
    void aUrlWithAWriteDelayIsRefusedNamingTheRisk() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dialect.H2.normalizeUrl("jdbc:h2:file:/tmp/x;WRITE_DELAY=500"));
        assertTrue(e.getMessage().contains("WRITE_DELAY=500") && e.getMessage().contains("kill -9"), e.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("delayed") + ";write_delay = 500"));
        assertTrue(open.getMessage().contains("loses committed messages on kill -9"), open.getMessage());

        assertEquals("jdbc:h2:file:/tmp/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", Dialect.H2.normalizeUrl("jdbc:h2:file:/tmp/x"));
        assertEquals("jdbc:h2:file:/tmp/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                Dialect.H2.normalizeUrl("jdbc:h2:file:/tmp/x;WRITE_DELAY=0"));
    }

    /** A delay set another way than the URL's own setting (here an INIT script) is found on the open database. */
    @Test
    void aWriteDelaySetBehindTheUrlsBackIsRefusedAtOpen() {
        String url = "jdbc:h2:file:" + dir.resolve("init-delayed") + ";INIT=SET WRITE_DELAY 500";
        StoreException e = assertThrows(StoreException.class, () -> JdbcQueueStore.open(url).close());
        assertFalse(e.closed(), "a failure, not a closed store");
        assertTrue(e.getMessage().contains("WRITE_DELAY=500") && e.getMessage().contains("kill -9"), e.getMessage());
    }

    @Test
    void settingsThatLetASecondProcessWriteTheStoreAreRefused() {
        IllegalArgumentException autoServer = assertThrows(IllegalArgumentException.class,
                () -> Dialect.H2.normalizeUrl("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE"));
        assertTrue(autoServer.getMessage().contains("AUTO_SERVER=TRUE"), autoServer.getMessage());
        IllegalArgumentException fileLock = assertThrows(IllegalArgumentException.class,
                () -> Dialect.H2.normalizeUrl("jdbc:h2:file:/tmp/x;FILE_LOCK=NO"));
        assertTrue(fileLock.getMessage().contains("FILE_LOCK=NO"), fileLock.getMessage());
    }
}
