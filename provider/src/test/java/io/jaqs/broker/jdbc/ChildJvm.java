package io.jaqs.broker.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoreChild} in its own JVM, on the test's class path. Its stdout lines are read by a
 * thread as they come, so the test waits for events (a line), never for time to pass.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the stream closes when the child dies
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Path workDir, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreChild.class.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(workDir, "child", ".err");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(p, stderr);
    }

    Process process() {
        return process;
    }

    /**
     * The next line, waiting at most until {@code deadlineNanos} ({@link System#nanoTime}); null at
     * the end of the child's output or at the deadline.
     */
    String nextLine(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        String line = left <= 0 ? lines.poll() : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
            if (line != null) {
                lines.add(EOF); // stay at the end
            }
            return null;
        }
        seen.add(line);
        return line;
    }

    /** Waits for a line starting with {@code prefix}, failing with the child's output when it does not come. */
    String await(String prefix, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String line;
        while ((line = nextLine(deadline)) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child printed no '" + prefix + "' within " + timeoutSeconds + " s;\n" + diagnostics());
    }

    /** Every line after the child's end (its output stays readable from the pipe after it died). */
    List<String> drain(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> rest = new ArrayList<>();
        String line;
        while ((line = nextLine(deadline)) != null) {
            rest.add(line);
        }
        reader.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        if (reader.isAlive()) {
            throw new AssertionError("the child's output did not end within " + timeoutSeconds + " s");
        }
        return rest;
    }

    String diagnostics() {
        String err;
        try {
            err = Files.readString(stderr);
        } catch (IOException e) {
            err = e.toString();
        }
        int n = seen.size();
        return "last lines: " + seen.subList(Math.max(0, n - 5), n) + "\nstderr:\n" + err;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
