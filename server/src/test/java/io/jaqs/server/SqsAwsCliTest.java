package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS CLI itself against the server, over loopback, SigV4-signed with the server's access key:
 * Debian's {@code awscli} ({@code /usr/bin/aws}, 2.9.19, which speaks the Query protocol to SQS;
 * {@code .ci/run} installs it) and, when another {@code aws} is on the PATH (a newer CLI, AWS JSON
 * 1.0), that one too. Main flows: create-queue, get-queue-url, list-queues, send-message with
 * attributes, receive-message, delete-message, a FIFO queue with group order, group lock,
 * deduplication and a receive-request-attempt-id retry, and an error the CLI reports by code.
 * Runs with {@code -Psqs-it}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsAwsCliTest {
    static final String DEBIAN_CLI = "/usr/bin/aws";

    @TempDir
    static Path dir;
    ServerFixture f;
    Path home;

    @BeforeAll
    void start() throws IOException {
        f = new ServerFixture(dir.resolve("store"));
        home = Files.createDirectories(dir.resolve("home")); // no ~/.aws of whoever runs the build
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** Debian's CLI (required: the test is skipped, naming it, when it is missing) and any other aws on the PATH. */
    static Stream<String> clis() {
        List<String> out = new ArrayList<>();
        out.add(DEBIAN_CLI);
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, "aws");
            if (Files.isExecutable(p) && !p.toAbsolutePath().normalize().equals(Path.of(DEBIAN_CLI)) && !d.equals("/usr/bin")) {
                out.add(p.toString());
                break;
            }
        }
        return out.stream();
    }

    record Result(int exit, String out, String err) {
        JsonObject json() {
            assertEquals(0, exit, "aws failed: " + err);
            return out.isBlank() ? Json.createObjectBuilder().build() : Json.createReader(new StringReader(out)).readObject();
        }
    }

    private Result aws(String cli, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(cli, "--endpoint-url", f.server.url(), "--region", "us-east-1",
                "--output", "json", "sqs"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", ServerFixture.KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", ServerFixture.SECRET);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private String version(String cli) throws Exception {
        Process p = new ProcessBuilder(cli, "--version").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @ParameterizedTest
    @MethodSource("clis")
    void mainFlows(String cli) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(cli)), cli + " is missing: apt-get install -y awscli (.ci/run does)");
        String tag = Integer.toHexString(cli.hashCode());
        System.out.println("AWS CLI " + cli + ": " + version(cli));

        // standard queue: create, find, list, send with attributes, receive, delete
        String url = aws(cli, "create-queue", "--queue-name", "cli-" + tag, "--attributes", "VisibilityTimeout=40").json().getString("QueueUrl");
        assertEquals(f.server.url() + "/000000000000/cli-" + tag, url);
        assertEquals(url, aws(cli, "get-queue-url", "--queue-name", "cli-" + tag).json().getString("QueueUrl"));
        JsonArray listed = aws(cli, "list-queues", "--queue-name-prefix", "cli-" + tag).json().getJsonArray("QueueUrls");
        assertEquals(List.of(url), listed.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals("40", aws(cli, "get-queue-attributes", "--queue-url", url, "--attribute-names", "All").json()
                .getJsonObject("Attributes").getString("VisibilityTimeout"));

        JsonObject sent = aws(cli, "send-message", "--queue-url", url, "--message-body", "héllo from the CLI ✓",
                "--message-attributes", "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"greeting\"},"
                        + "\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}").json();
        assertFalse(sent.getString("MessageId").isEmpty());
        assertEquals(md5("héllo from the CLI ✓"), sent.getString("MD5OfMessageBody"));

        JsonObject received = aws(cli, "receive-message", "--queue-url", url, "--max-number-of-messages", "10",
                "--attribute-names", "All", "--message-attribute-names", "All").json();
        JsonArray messages = received.getJsonArray("Messages");
        assertEquals(1, messages.size());
        JsonObject m = messages.getJsonObject(0);
        assertEquals(sent.getString("MessageId"), m.getString("MessageId"));
        assertEquals("héllo from the CLI ✓", m.getString("Body"));
        assertEquals("greeting", m.getJsonObject("MessageAttributes").getJsonObject("kind").getString("StringValue"));
        assertEquals("7", m.getJsonObject("MessageAttributes").getJsonObject("n").getString("StringValue"));
        assertEquals(sent.getString("MD5OfMessageAttributes"), m.getString("MD5OfMessageAttributes"));
        assertEquals("1", m.getJsonObject("Attributes").getString("ApproximateReceiveCount"));
        assertEquals(0, aws(cli, "delete-message", "--queue-url", url, "--receipt-handle", m.getString("ReceiptHandle")).exit());
        assertEquals(0, f.broker.approximateCounts("cli-" + tag).visible() + f.broker.approximateCounts("cli-" + tag).notVisible(),
                "the message is deleted");

        // FIFO: group order, group lock, deduplication, attempt-id retry
        String fifo = aws(cli, "create-queue", "--queue-name", "cli-" + tag + ".fifo", "--attributes", "FifoQueue=true")
                .json().getString("QueueUrl");
        Map<String, String> ids = new LinkedHashMap<>();
        for (String[] g : new String[][] {{"A", "A1"}, {"B", "B1"}, {"A", "A2"}}) {
            JsonObject r = aws(cli, "send-message", "--queue-url", fifo, "--message-body", g[1], "--message-group-id", g[0],
                    "--message-deduplication-id", g[1]).json();
            ids.put(g[1], r.getString("MessageId"));
            assertFalse(r.getString("SequenceNumber").isEmpty());
        }
        assertEquals(ids.get("A1"), aws(cli, "send-message", "--queue-url", fifo, "--message-body", "again",
                "--message-group-id", "A", "--message-deduplication-id", "A1").json().getString("MessageId"), "a duplicate of A1");
        JsonObject first = aws(cli, "receive-message", "--queue-url", fifo, "--max-number-of-messages", "1",
                "--receive-request-attempt-id", "cli-attempt", "--attribute-names", "All").json().getJsonArray("Messages").getJsonObject(0);
        assertEquals("A1", first.getString("Body"));
        assertEquals("A", first.getJsonObject("Attributes").getString("MessageGroupId"));
        JsonObject retry = aws(cli, "receive-message", "--queue-url", fifo, "--max-number-of-messages", "1",
                "--receive-request-attempt-id", "cli-attempt").json().getJsonArray("Messages").getJsonObject(0);
        assertEquals(first.getString("ReceiptHandle"), retry.getString("ReceiptHandle"), "the retried attempt gets the same handle");
        JsonArray others = aws(cli, "receive-message", "--queue-url", fifo, "--max-number-of-messages", "10").json().getJsonArray("Messages");
        assertEquals(List.of("B1"), others.getValuesAs(JsonObject.class).stream().map(o -> o.getString("Body")).toList(),
                "group A is locked while A1 is in flight");
        assertEquals(0, aws(cli, "delete-message", "--queue-url", fifo, "--receipt-handle", first.getString("ReceiptHandle")).exit());
        JsonObject a2 = aws(cli, "receive-message", "--queue-url", fifo).json().getJsonArray("Messages").getJsonObject(0);
        assertEquals("A2", a2.getString("Body"));
        assertNotEquals(first.getString("ReceiptHandle"), a2.getString("ReceiptHandle"));

        // an error, reported by the CLI with SQS's code
        Result missing = aws(cli, "get-queue-url", "--queue-name", "no-such-queue-" + tag);
        assertTrue(missing.exit() == 254 || missing.exit() == 255, "a service error (CLI v2: 254, v1: 255): " + missing.err());
        // the Query CLI reads the legacy code from the XML, the JSON one from x-amzn-query-error (awsQueryCompatible)
        assertTrue(missing.err().contains("(AWS.SimpleQueueService.NonExistentQueue)"), missing.err());

        assertEquals(0, aws(cli, "delete-queue", "--queue-url", fifo).exit());
        assertEquals(0, aws(cli, "delete-queue", "--queue-url", url).exit());
        assertEquals(List.of(), f.broker.listQueues("cli-" + tag));
    }

    private static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
