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

    /** Like {@link #run}, for a clean-up in {@code finally}: a failure is printed, not thrown (it must not hide the test's own). */
    void runQuietly(Path dir, String... command) {
        try {
            run(dir, Map.of(), command);
        } catch (Exception | AssertionError e) {
            System.err.println(name() + ": " + e.getMessage());
        }
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

    /**
     * Whether a record is the transaction manager's report of the crash probe's branch, which no
     * resource recovers after the restart (by design: see crashprobe.HaltingResource).
     */
    boolean aboutTheCrashProbe(String record) {
        return false;
    }

    private void report(List<String> found, Path log, StringBuilder record, boolean flagged) {
        if (record == null || !flagged) {
            return;
        }
        String r = record.toString();
        // Jaqs's: its logger or its message names Jaqs (a stack frame of the adapter's thread under a
        // container's own exception does not make the record Jaqs's)
        String withoutFrames = r.lines().filter(l -> !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*"))
                .collect(java.util.stream.Collectors.joining("\n"));
        if (withoutFrames.toLowerCase(java.util.Locale.ROOT).contains("jaqs") && !r.contains("cannot process order poison-")
                && !aboutTheCrashProbe(r)) {
            found.add(log.getFileName() + ": " + (r.length() > 3000 ? r.substring(0, 3000) + "..." : r));
        }
    }

    // ------------------------------------------------------------------ the adapter's own lifecycle

    /** The names of the server JVM's threads that are Jaqs's ({@code jaqs-*}), from jcmd Thread.print. */
    static List<String> jaqsThreads(ProcessHandle jvm) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("jcmd " + jvm.pid() + " Thread.print failed:\n" + out);
        }
        return out.lines().filter(l -> l.startsWith("\"jaqs-")).map(l -> l.substring(1, l.indexOf('"', 1))).toList();
    }

    /** Whether another process holds a lock on the file (H2 locks its store file while it has it open). */
    static boolean lockedByAnotherProcess(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock lock = ch.tryLock()) {
            return lock == null;
        }
    }

    /**
     * After the adapter's removal: no Jaqs thread is left in the server and its H2 store file is no
     * longer locked (polled with a bound: the server removes the adapter in its own time).
     */
    static void adapterIsGone(ProcessHandle jvm, Path storeFile) throws Exception {
        await("no jaqs-* thread is left and " + storeFile.getFileName() + " is unlocked",
                () -> {
                    try {
                        return jaqsThreads(jvm).isEmpty() && !lockedByAnotherProcess(storeFile);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** What the adapter logs when a transaction manager asks it for its recovery XAResource (getXAResources). */
    static final String RECOVERY_LOG = "XA recovery: the transaction manager asked the Jaqs resource adapter";

    /** How many lines of the server's logs hold a text. */
    long logCount(String text) {
        try {
            long n = 0;
            for (Path log : logs()) {
                if (Files.exists(log)) {
                    n += Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(text)).count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's log names no class of Jaqs as missing (a leaked thread or hook of a discarded class loader). */
    void assertNoMissingJaqsClass() throws IOException {
        for (Path log : logs()) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                    assertTrue(!(line.contains("NoClassDefFoundError") || line.contains("ClassNotFoundException"))
                            || !line.contains("io.jaqs") && !line.contains("io/jaqs"), () -> log + ": " + line);
                }
            }
        }
    }

    // ------------------------------------------------------------------ crash and XA recovery

    /** The crash probe (package crashprobe, see there) as a web application. */
    static Path crashWar() throws Exception {
        Path classes = Path.of(crashprobe.CrashServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("crashprobe");
        Path war = DEPLOY.resolve("crash.war");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(war)); Stream<Path> files = Files.list(classes)) {
            for (Path c : files.toList()) {
                zip.putNextEntry(new java.util.zip.ZipEntry("WEB-INF/classes/crashprobe/" + c.getFileName()));
                zip.write(Files.readAllBytes(c));
            }
        }
        return war;
    }

    String crashUrl() {
        return ordersUrl().replace("/orders/orders", "/crash/crash");
    }

    /** The server's JVM (the one to kill, the one whose threads are listed). */
    ProcessHandle serverJvm() throws Exception {
        throw new UnsupportedOperationException(name() + ": its test kills no server");
    }

    /** Starts the server again after it was killed, until the sample answers. */
    void restartAfterKill() throws Exception {
        throw new UnsupportedOperationException(name() + ": its test kills no server");
    }

    /**
     * Two container transactions, each sending an order, stop between their phases and the server
     * is killed with SIGKILL: one in its commit phase after the transaction manager logged its
     * decision, one in its prepare phase after Jaqs prepared (no decision logged). The killed
     * server's store holds both sends prepared and undecided. After the restart the server's
     * recovery decides them through the adapter: the first order is committed and processed exactly
     * once (stored and replied once), the second is rolled back (presumed abort) and never arrives,
     * and no Jaqs branch is left undecided (checked by the caller once the server is stopped).
     *
     * @param prepareReversed whether the transaction manager prepares in reverse order of enlistment
     */
    void preparedBranchesAreRecoveredAfterAKill(String storeUrl, Path markers, String prefix, boolean prepareReversed) throws Exception {
        Files.createDirectories(markers);
        Path committing = markers.resolve(prefix + "-commit"), preparing = markers.resolve(prefix + "-prepare");
        Files.deleteIfExists(committing);
        Files.deleteIfExists(preparing);
        String rolledBack = prefix + "rb";
        var neverAnswer = List.of(
                crashAsync("action=commit&order=" + prefix + "-1&marker=" + enc(committing)),
                crashAsync("action=prepare&order=" + rolledBack + "-1&marker=" + enc(preparing) + "&haltFirst=" + prepareReversed));
        await("both transactions stopped between their phases", () -> Files.exists(committing) && Files.exists(preparing));
        ProcessHandle jvm = serverJvm();
        jvm.destroyForcibly(); // SIGKILL
        jvm.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        neverAnswer.forEach(f -> f.cancel(true));
        List<javax.transaction.xa.Xid> inDoubt = preparedBranches(storeUrl);
        assertEquals(2, inDoubt.size(), "the killed server left both sends prepared, undecided: " + inDoubt);
        restartAfterKill();
        await("recovery commits the first order's branch and the sample's MDB processes it", () -> {
            Map<String, String> r = report(prefix);
            return r.get("stored").equals("1") && r.get("replies").equals("1");
        });
        worksAfterRedeploy(prefix + "after"); // orders sent after the recovery are processed: the rolled-back one had its chance
        Map<String, String> r = report(prefix);
        assertEquals("1", r.get("stored"), "the recovered order is processed exactly once: " + r);
        assertEquals("1", r.get("distinct"), r::toString);
        assertEquals("1", r.get("replies"), r::toString);
        assertEquals("0", report(rolledBack).get("stored"), "the order whose branch recovery rolled back never arrives");
    }

    private java.util.concurrent.CompletableFuture<?> crashAsync(String query) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(crashUrl() + "?" + query)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Jaqs's branches prepared and undecided in a store (the server that had it open must be gone). */
    static List<javax.transaction.xa.Xid> preparedBranches(String storeUrl) throws Exception {
        io.jaqs.jms.JaqsXAConnectionFactory f = new io.jaqs.jms.JaqsXAConnectionFactory(storeUrl);
        try (jakarta.jms.XAConnection c = f.createXAConnection()) {
            return List.of(c.createXASession().getXAResource().recover(javax.transaction.xa.XAResource.TMSTARTRSCAN
                    | javax.transaction.xa.XAResource.TMENDRSCAN));
        } finally {
            io.jaqs.jms.BrokerRegistry.shutdown(storeUrl);
        }
    }

    /** Whether the crash probe answers (deployed and started). */
    boolean crashProbeAnswers() {
        try {
            call(HttpRequest.newBuilder(URI.create(crashUrl() + "?ping")).GET());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String enc(Path p) {
        return java.net.URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
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
