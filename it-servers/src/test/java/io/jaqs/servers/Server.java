package io.jaqs.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the three server tests share: the installables, processes, HTTP calls to the sample, the
 * scenario every server must pass, the log check, and the timings report. Each server is started
 * once and always stopped (in {@code finally}), also when a check fails.
 */
abstract class Server {
    static final Path SERVERS = Path.of(System.getProperty("it.servers", "target/servers")).toAbsolutePath();
    static final Path DEPLOY = Path.of(System.getProperty("it.deploy", "target/deploy")).toAbsolutePath();
    static final Path RAR = Path.of(System.getProperty("it.rar", "../ra/target/jaqs-ra-0.1.0-SNAPSHOT.rar")).toAbsolutePath();
    static final Path WAR = DEPLOY.resolve("orders.war");
    static final Path H2 = DEPLOY.resolve("h2.jar");
    /** Bound of every wait for a server to do something (starting, deploying, delivering). */
    static final Duration WAIT = Duration.ofSeconds(180);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, Long> timings = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();

    abstract String name();

    /** The sample's servlet, e.g. http://127.0.0.1:9181/orders/orders. */
    abstract String ordersUrl();

    /** The server's log files to check (the main log, and e.g. Liberty's FFDC incidents). */
    abstract List<Path> logs() throws IOException;

    /** A log record at WARNING level or above starts on a line matching this. */
    abstract Pattern warningOrError();

    /** A new log record starts on a line matching this. */
    abstract Pattern recordStart();

    // ------------------------------------------------------------------ processes

    /** Runs a command to its end (bounded), failing on a non-zero exit; returns its output. */
    String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end in " + WAIT);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    /** Starts a long-running process (a server), its output to {@code log}; {@link #stopAll()} ends it. */
    Process start(Path dir, Path log, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Ends the processes this test started and their children (SIGTERM, then SIGKILL after a bound). */
    void stopAll() {
        for (Process p : started) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
        }
        started.clear();
    }

    /** Unzipping loses the execute bits of the servers' scripts. */
    static void makeScriptsExecutable(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getParent().getFileName().toString().equals("bin") || f.toString().endsWith(".sh"))
                    .forEach(f -> f.toFile().setExecutable(true));
        }
    }

    // ------------------------------------------------------------------ HTTP

    String get(String query) {
        return call(HttpRequest.newBuilder(URI.create(ordersUrl() + "?" + query)).GET());
    }

    String post(String query) {
        return call(HttpRequest.newBuilder(URI.create(ordersUrl() + "?" + query)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String call(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the sample answers (deployed and started). */
    boolean sampleAnswers() {
        try {
            get("prefix=ping");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Polls a condition with a bound (the servers work in real time; nothing here lets time pass). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + WAIT + " waiting until " + what);
            }
            Thread.sleep(200); // poll interval of a bounded wait
        }
    }

    /** The sample's report for one prefix: stored, distinct, replies, poisonDeliveries, deadLetters. */
    Map<String, String> report(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : get("prefix=" + prefix).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ the scenario

    /**
     * 100 orders sent in one container transaction each arrive exactly once (stored once, one reply
     * each, in the MDB's transaction); an order sent in a transaction that rolls back never arrives;
     * a poison order is delivered twice (JMSXDeliveryCount 1 then 2) and lands in the dead-letter
     * queue that the server's configuration gives the queue.
     */
    void ordersArriveExactlyOnceAndPoisonGoesToTheDeadLetterQueue(String prefix) throws Exception {
        post("action=send&prefix=" + prefix + "&n=100");
        post("action=rollback&order=" + prefix + "-rolledback");
        post("action=send&prefix=poison-" + prefix + "&n=1");
        await("100 orders are processed and the poison order is dead-lettered", () -> {
            Map<String, String> r = report(prefix);
            return r.get("stored").equals("100") && r.get("replies").equals("100") && !r.get("deadLetters").equals("[]");
        });
        Map<String, String> r = report(prefix);
        assertEquals("100", r.get("stored"), "each order stored once, the rolled-back one never: " + r);
        assertEquals("100", r.get("distinct"), r::toString);
        assertEquals("100", r.get("replies"), "one reply per order, sent in the MDB's transaction: " + r);
        assertEquals("[poison-" + prefix + "-1:[1, 2]]", r.get("poisonDeliveries"),
                "the poison order was delivered, rolled back, and redelivered with JMSXDeliveryCount 2: " + r);
        assertEquals("[poison-" + prefix + "-1]", r.get("deadLetters"), "then moved to the configured dead-letter queue: " + r);
    }

    /** After undeploy and redeploy (same server process), the sample sends and its MDB receives again. */
    void worksAfterRedeploy(String prefix) throws Exception {
        post("action=send&prefix=" + prefix + "&n=10");
        await("10 orders are processed after the redeploy", () -> {
            Map<String, String> r = report(prefix);
            return r.get("stored").equals("10") && r.get("replies").equals("10");
        });
        assertEquals("10", report(prefix).get("distinct"));
    }

    /**
     * No log record at WARNING or above that is Jaqs's (its logger, message or a cause names Jaqs),
     * except the sample's own poison order, whose exception the container logs by design.
     */
    void assertNoJaqsWarningOrError() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path log : logs()) {
            if (!Files.exists(log)) {
                continue;
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            StringBuilder record = null;
            boolean flagged = false;
            for (String line : lines) {
                if (recordStart().matcher(line).find()) {
                    report(found, log, record, flagged);
                    record = new StringBuilder(line);
                    flagged = warningOrError().matcher(line).find();
                } else if (record != null) {
                    record.append('\n').append(line);
                }
            }
            report(found, log, record, flagged);
        }
        assertTrue(found.isEmpty(), name() + " logged Jaqs warnings or errors:\n" + String.join("\n----\n", found));
    }

    private static void report(List<String> found, Path log, StringBuilder record, boolean flagged) {
        if (record == null || !flagged) {
            return;
        }
        String r = record.toString();
        // Jaqs's: its logger or its message names Jaqs (a stack frame of the adapter's thread under a
        // container's own exception does not make the record Jaqs's)
        String withoutFrames = r.lines().filter(l -> !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*"))
                .collect(java.util.stream.Collectors.joining("\n"));
        if (withoutFrames.toLowerCase(java.util.Locale.ROOT).contains("jaqs") && !r.contains("cannot process order poison-")) {
            found.add(log.getFileName() + ": " + (r.length() > 3000 ? r.substring(0, 3000) + "..." : r));
        }
    }

    /** Times a step (milliseconds) for the report. */
    <T> T timed(String step, java.util.concurrent.Callable<T> action) throws Exception {
        long t0 = System.nanoTime();
        try {
            return action.call();
        } finally {
            timings.put(step, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    void timed(String step, ThrowingRunnable action) throws Exception {
        timed(step, () -> {
            action.run();
            return null;
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Prints and appends this server's timings to target/server-timings.txt. */
    void writeTimings() throws IOException {
        String line = name() + ": " + timings;
        System.out.println(line);
        Files.writeString(SERVERS.getParent().resolve("server-timings.txt"), line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static Path only(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + dir));
        }
    }

    static String slash(Path p) {
        return p.toString().replace(File.separatorChar, '/');
    }
}
