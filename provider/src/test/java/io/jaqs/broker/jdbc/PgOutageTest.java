package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL outage seen from the store: the network path to the database goes dead (a TCP
 * relay in front of the real PostgreSQL drops its connections and then accepts new ones without
 * ever answering, as a host that is gone from the network does). Each store call then fails
 * within the store timeout ({@code jaqsStoreTimeoutSeconds}, here 2 s) saying the store is
 * unreachable, instead of blocking for the pool's usual 30 s; once the path is back, calls
 * succeed again without a restart.
 */
class PgOutageTest {
    private static final int STORE_TIMEOUT_SECONDS = 2;
    private String schema;
    private Relay relay;

    @AfterEach
    void cleanUp() throws IOException {
        if (relay != null) {
            relay.close();
        }
        if (schema != null) {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void callsFailFastSayingTheStoreIsUnreachableAndSucceedOnceTheDatabaseIsBack() throws Exception {
        schema = PgTestDatabase.createSchema();
        relay = new Relay(5432);
        String url = PgTestDatabase.url(schema).replace("127.0.0.1:5432", "127.0.0.1:" + relay.port())
                + "&jaqsStoreTimeoutSeconds=" + STORE_TIMEOUT_SECONDS;
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2), BrokerConfig.defaults())) {
            broker.createQueue("q", java.util.Map.of());
            broker.sendMessage("q", SendMessageRequest.builder("before").build());

            relay.goDead();
            boolean saidUnreachable = false;
            for (int call = 1; call <= 4; call++) {
                long start = System.nanoTime();
                BrokerException e = assertThrows(BrokerException.class,
                        () -> broker.sendMessage("q", SendMessageRequest.builder("during").build()));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(ErrorCode.STORE_FAILURE, e.code());
                assertTrue(tookMs < (STORE_TIMEOUT_SECONDS + 3) * 1000L, "call " + call + " took " + tookMs + " ms: " + e.getMessage());
                saidUnreachable |= e.getMessage().startsWith("The store is unreachable");
            }
            assertTrue(saidUnreachable, "a call during the outage says the store is unreachable");

            relay.comeBack();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    broker.sendMessage("q", SendMessageRequest.builder("after").build());
                    break;
                } catch (BrokerException e) {
                    assertTrue(System.nanoTime() < deadline, "the store did not recover: " + e.getMessage());
                }
            }
            List<String> bodies = new java.util.ArrayList<>();
            broker.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).forEach(m -> bodies.add(m.bodyAsString()));
            java.util.Collections.sort(bodies);
            assertEquals(List.of("after", "before"), bodies, "nothing sent during the outage was stored");
        }
    }

    /** A TCP relay to the local PostgreSQL that can play dead: it then holds new connections open and never answers. */
    private static final class Relay implements AutoCloseable {
        private final int target;
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean dead;

        Relay(int target) throws IOException {
            this.target = target;
            Thread t = new Thread(this::accept, "pg-relay");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void goDead() {
            dead = true;
            for (Socket s : open) {
                closeQuietly(s); // the connections in use break
            }
            open.clear();
        }

        void comeBack() {
            dead = false;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    open.add(client);
                    if (dead) {
                        continue; // accepted and never answered
                    }
                    Socket db = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(db);
                    pump(client, db);
                    pump(db, client);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "pg-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            goDead();
        }
    }
}
