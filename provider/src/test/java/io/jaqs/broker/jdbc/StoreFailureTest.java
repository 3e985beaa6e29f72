package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreException;
import io.jaqs.broker.store.QueueRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the store when it cannot keep its promises fails at once, with a message that says why. */
class StoreFailureTest {
    @TempDir
    Path dir;

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    @Test
    void aSecondStoreOnTheSameFileInThisJvmIsRefused() {
        try (JdbcQueueStore first = JdbcQueueStore.open(url("once"))) {
            // the same file, spelled another way
            String other = "jdbc:h2:" + dir.resolve("x").resolve("..").resolve("once").toAbsolutePath() + ";WRITE_DELAY=0";
            StoreException e = assertThrows(StoreException.class, () -> JdbcQueueStore.open(other));
            assertFalse(e.closed(), "a failure, not a closed store");
            assertTrue(e.getMessage().contains("already open in this JVM"), e.getMessage());
            assertTrue(first.read(s -> s.listQueues("")).isEmpty(), "the first store is unharmed");
        }
        JdbcQueueStore.open(url("once")).close(); // free again once the first is closed
    }

    /**
     * A JVM that exits without closing Jaqs leaves no error in H2's trace file: H2's own shutdown
     * hook used to close the database under the store's writer ("Database is already closed").
     */
    @Test
    void anExitWithoutCloseWritesNoErrorToTheTraceFile() throws Exception {
        Path db = dir.resolve("exiting").toAbsolutePath();
        for (int run = 1; run <= 3; run++) {
            try (ChildJvm child = ChildJvm.start(dir, "exit", db.toString())) {
                child.await("EXITING", 60);
                assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "the child exited");
                assertEquals(0, child.process().exitValue(), child.diagnostics());
                String out = String.join("\n", child.drain(5));
                assertTrue(!out.contains("Exception"), "run " + run + ": " + out + "\n" + child.diagnostics());
            }
            Path trace = dir.resolve("exiting.trace.db");
            String traced = java.nio.file.Files.exists(trace) ? java.nio.file.Files.readString(trace) : "";
            assertTrue(traced.isEmpty(), "run " + run + ": H2 traced errors at exit:\n" + traced);
        }
        JdbcQueueStore.open("jdbc:h2:file:" + db).close(); // the file opens cleanly
    }

    @Test
    void aSecondProcessIsRefusedByH2sFileLock() throws Exception {
        Path db = dir.resolve("locked").toAbsolutePath();
        try (ChildJvm child = ChildJvm.start(dir, "hold", db.toString())) {
            child.await("OPEN", 30);
            StoreException e = assertThrows(StoreException.class, () -> JdbcQueueStore.open("jdbc:h2:file:" + db));
            assertFalse(e.closed(), "a failure, not a closed store");
            assertTrue(e.getMessage().contains("already in use") && e.getMessage().contains("belongs to one process"),
                    e.getMessage());
            child.process().getOutputStream().close(); // the child closes its store and exits
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.process().exitValue(), child.diagnostics());
        }
        JdbcQueueStore.open("jdbc:h2:file:" + db).close(); // released with the process
    }

    @Test
    void aStoreOfAnotherSchemaVersionIsRefused() throws Exception {
        JdbcQueueStore.open(url("versioned")).close();
        try (Connection c = DriverManager.getConnection(url("versioned") + ";WRITE_DELAY=0"); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE jaqs_schema SET version = 99");
        }
        StoreException e = assertThrows(StoreException.class, () -> JdbcQueueStore.open(url("versioned")));
        assertFalse(e.closed(), "a failure, not a closed store");
        assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("reads version "
                + JdbcQueueStore.SCHEMA_VERSION), e.getMessage());

        try (Connection c = DriverManager.getConnection(url("versioned") + ";WRITE_DELAY=0"); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE jaqs_schema SET version = " + JdbcQueueStore.SCHEMA_VERSION);
        }
        JdbcQueueStore.open(url("versioned")).close(); // the refused open left nothing held
    }

    /** The store sets WRITE_DELAY=0 on open (and runs CHECKPOINT SYNC at DISK): both need an H2 admin. */
    @Test
    void aUserWhoIsNotAnH2AdminIsRefusedAtOpenSayingWhy() throws Exception {
        JdbcQueueStore.open(url("users"), "SA", "secret", Durability.PROCESS, 1).close();
        try (Connection c = DriverManager.getConnection(url("users") + ";WRITE_DELAY=0", "SA", "secret");
             Statement st = c.createStatement()) {
            st.execute("CREATE USER app PASSWORD 'app'");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO app");
        }
        for (Durability durability : Durability.values()) {
            StoreException e = assertThrows(StoreException.class,
                    () -> JdbcQueueStore.open(url("users"), "APP", "app", durability, 1));
            assertFalse(e.closed(), "a failure, not a closed store");
            assertTrue(e.getMessage().contains("must be an admin") && e.getMessage().contains("WRITE_DELAY=0"), e.getMessage());
        }
        JdbcQueueStore.open(url("users"), "SA", "secret", Durability.DISK, 1).close();
    }

    @Test
    void aClosedStoreFailsWritesAndReadsWithBrokerClosedAndFinishesWhatWasQueued() throws Exception {
        JdbcQueueStore store = JdbcQueueStore.open(url("closed"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> gate = store.write(s -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<QueueRow> queued = store.write(s -> s.insertQueue("queued", false, "", "", 1));
        Thread closer = new Thread(store::close);
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!store.isClosed()) {
            assertTrue(System.nanoTime() < deadline, "close did not begin");
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        gate.get(10, TimeUnit.SECONDS);
        assertEquals("queued", queued.get(10, TimeUnit.SECONDS).name(), "a write accepted before close is committed");

        ExecutionException write = assertThrows(ExecutionException.class,
                () -> store.write(s -> s.findQueue("queued")).get(10, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(StoreException.class, write.getCause()).closed());
        StoreException read = assertThrows(StoreException.class, () -> store.read(s -> s.findQueue("queued")));
        assertTrue(read.closed());

        try (JdbcQueueStore reopened = JdbcQueueStore.open(url("closed"))) {
            assertEquals("queued", reopened.read(s -> s.findQueue("queued")).name());
        }
    }

    /** The store throws its own exception; a broker over it reports the core's, with the same codes as before. */
    @Test
    void aBrokerReportsTheStoresFailuresAsBrokerExceptions() {
        JdbcQueueStore store = JdbcQueueStore.open(url("boundary"));
        try (io.jaqs.broker.JaqsBroker broker = new io.jaqs.broker.JaqsBroker(store, io.jaqs.broker.BrokerConfig.defaults())) {
            broker.createQueue("q", java.util.Map.of());
            store.close();
            BrokerException read = assertThrows(BrokerException.class, () -> broker.listQueues(""));
            assertEquals(ErrorCode.BROKER_CLOSED, read.code());
            ExecutionException write = assertThrows(ExecutionException.class, () -> broker.sendMessageAsync("q",
                    io.jaqs.broker.SendMessageRequest.builder("x").build()).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.BROKER_CLOSED, assertInstanceOf(BrokerException.class, write.getCause()).code());
        }
    }
}
