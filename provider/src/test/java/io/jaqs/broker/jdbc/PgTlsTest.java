package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.boot.BrokerSettings;
import io.jaqs.boot.Brokers;
import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS to PostgreSQL (README, "Encryption at rest and secrets"): a throwaway cluster (initdb into a
 * temporary directory, a self-signed certificate made with openssl, {@code ssl=on}, only
 * {@code hostssl} lines in pg_hba.conf, a free port) that a Jaqs broker reaches with
 * {@code sslmode=verify-full&sslrootcert=<the certificate>}, its password read from a file
 * ({@code storePassword=file:...}); every connection of the store is encrypted (pg_stat_ssl), the
 * server refuses a connection without TLS, and verify-full refuses a server whose certificate the
 * root certificate did not sign. Skipped only when PostgreSQL 15's initdb is absent. As root the
 * cluster runs as the {@code postgres} user (initdb refuses root).
 */
class PgTlsTest {
    private static final Path BIN = Path.of(System.getProperty("jaqs.test.pgBin", "/usr/lib/postgresql/15/bin"));
    private static final String PASSWORD = "tls-store-password";

    private Path dir;
    private Path data;
    private int port;
    private boolean started;

    @BeforeEach
    void startCluster() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")), "no " + BIN.resolve("initdb") + ": PgTlsTest skipped");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"),
                "no openssl: PgTlsTest skipped");
        dir = Files.createTempDirectory("jaqs-pgtls");
        data = dir.resolve("data");
        Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
        Files.writeString(dir.resolve("store-password"), PASSWORD + "\n"); // what storePassword=file: reads
        // the server's certificate: self-signed, for the address the client names (verify-full checks it)
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.crt").toString()), false);
        // another self-signed certificate: not the server's signer
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("other.key").toString(), "-out", dir.resolve("other.crt").toString()), false);
        if (asRoot()) {
            run(List.of("chown", "-R", "postgres:", dir.toString()), false);
        }
        run(List.of("chmod", "700", dir.toString()), true);
        run(List.of("chmod", "600", dir.resolve("server.key").toString()), true);
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--pwfile=" + dir.resolve("pwfile"),
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"), true);
        port = freePort();
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'",
                "ssl = on",
                "ssl_cert_file = '" + dir.resolve("server.crt") + "'",
                "ssl_key_file = '" + dir.resolve("server.key") + "'",
                "fsync = off",
                "max_connections = 20",
                ""), java.nio.file.StandardOpenOption.APPEND);
        // TLS or nothing: no host line accepts a connection without it
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "hostssl all all 127.0.0.1/32 scram-sha-256",
                ""));
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                "-t", "60", "start"), true);
        started = true;
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (started) {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        }
        if (dir != null) {
            run(List.of("rm", "-rf", dir.toString()), false);
        }
    }

    private String url(String sslParameters) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?" + sslParameters;
    }

    @Test
    void aBrokerConnectsWithVerifyFullAndTheServerRefusesAConnectionWithoutTls() throws Exception {
        String tls = url("sslmode=verify-full&sslrootcert=" + dir.resolve("server.crt"));
        try (Broker broker = Brokers.open(BrokerSettings.of(tls)
                .withCredentials("postgres", "file:" + dir.resolve("store-password")).withDurability(Durability.PROCESS))) {
            broker.createQueue("orders", Map.of());
            broker.sendMessage("orders", SendMessageRequest.builder("over TLS").build());
            List<ReceivedMessage> got = broker.receiveMessage("orders", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0));
            assertEquals("over TLS", got.get(0).bodyAsString());

            // every client connection of the cluster (the store's, and this one) is encrypted. How many the store
            // holds depends on what its pool, listener and notifier have opened by now (they open on first use):
            // at least the writer's, which made the send and the receive above
            try (Connection c = DriverManager.getConnection(tls, "postgres", PASSWORD);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl)"
                         + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.backend_type = 'client backend'")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 2, "the store's connections and this one: " + rs.getInt(1) + " with TLS");
                assertEquals(0, rs.getInt(2), "connections without TLS");
            }
        }

        java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                () -> DriverManager.getConnection(url("sslmode=disable"), "postgres", PASSWORD).close());
        assertTrue(refused.getMessage().contains("no pg_hba.conf entry") && refused.getMessage().contains("no encryption"),
                refused.getMessage());
        BrokerException plain = assertThrows(BrokerException.class, () -> Brokers.open(BrokerSettings.of(url("sslmode=disable&jaqsStoreTimeoutSeconds=3"))
                .withCredentials("postgres", "file:" + dir.resolve("store-password")).withDurability(Durability.PROCESS)).close());
        assertTrue(plain.getMessage().contains("no encryption"), plain.getMessage());

        BrokerException otherRoot = assertThrows(BrokerException.class, () -> Brokers.open(BrokerSettings.of(
                url("sslmode=verify-full&jaqsStoreTimeoutSeconds=3&sslrootcert=" + dir.resolve("other.crt")))
                .withCredentials("postgres", "plain:" + PASSWORD).withDurability(Durability.PROCESS)).close());
        assertTrue(otherRoot.getMessage().toLowerCase().contains("ssl") || otherRoot.getMessage().contains("certificat"),
                otherRoot.getMessage());
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean onPath(String command) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, command))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a command (as postgres when this JVM is root and {@code asPostgres}); fails with its output unless it exits 0. */
    private void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && asRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        String log = "";
        if (p.exitValue() != 0 && data != null && Files.exists(dir.resolve("log"))) {
            log = "\nserver log:\n" + Files.readString(dir.resolve("log"));
        }
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + new String(out, StandardCharsets.UTF_8) + log);
    }
}
