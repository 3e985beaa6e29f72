package io.jaqs.tck;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the standalone Jakarta Messaging TCK (JUnit 5 tests in {@code com.sun.ts.tests.jms.core} and
 * {@code com.sun.ts.tests.jms.core20}) against Jaqs on a fresh embedded H2 store and writes
 * {@code tck-report.txt}. Started by {@link TckMain} in a JVM whose classpath holds the TCK jar and the
 * directory of the generated {@code jndi.properties}; the same system properties as {@link TckMain}.
 */
public final class TckRun {
    static final List<String> PACKAGES = List.of("com.sun.ts.tests.jms.core", "com.sun.ts.tests.jms.core20");
    /** One failed test per line ({@code fully.qualified.Class#method}), written next to the report. */
    static final String FAILURES_FILE = "tck-failures.txt";

    private TckRun() {
    }

    public static void main(String[] args) {
        PrintStream console = System.out;
        int status;
        try {
            status = run(console);
        } catch (Throwable e) {
            console.println("TCK runner failed: " + e);
            e.printStackTrace(console);
            status = 2;
        }
        console.flush();
        // the provider's background threads (and abandoned timed-out tests) must not keep the JVM alive
        System.exit(status);
    }

    private static int run(PrintStream console) throws Exception {
        Path jar = Path.of(System.getProperty("tck.jar")).toAbsolutePath();
        Path dir = TckMain.outputDirectory();
        long jmsTimeout = Long.getLong("tck.jmsTimeout", 2000);
        // a test waits a few jms_timeouts at most; a hung one is abandoned after 60 of them (at least 2 minutes)
        String testTimeoutProperty = System.getProperty("tck.testTimeout", "").strip();
        long testTimeout = testTimeoutProperty.isEmpty() ? Math.max(120, 60 * jmsTimeout / 1000) : Long.parseLong(testTimeoutProperty);
        String classes = System.getProperty("tck.classes", "").strip();
        if (classes.isEmpty()) {
            classes = ".*";
        }
        String tests = System.getProperty("tck.tests", "").strip();
        Pattern testPattern = Pattern.compile(tests.isEmpty() ? ".*" : tests);

        // a fresh store for every run
        Path store = dir.resolve("tck-store");
        deleteRecursively(store);
        Files.createDirectories(store);
        String storeUrl = "jdbc:h2:file:" + store.resolve("jaqs");

        // the JNDI bindings the TCK looks up, for its plain new InitialContext()
        Map<String, String> env = TckJndi.environment(storeUrl);
        TckJndi.write(TckMain.jndiDirectory(dir).resolve("jndi.properties"), env);

        // the TCK's configuration (what its harness would pass)
        System.setProperty("user", TckJndi.USER);
        System.setProperty("password", TckJndi.PASSWORD);
        System.setProperty("jms_timeout", Long.toString(jmsTimeout));
        System.setProperty("platform.mode", "standalone");
        System.setProperty("vehicle", "standalone");
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");

        // the TCK's output goes to a log file, the console gets one line per test class
        Path logFile = dir.resolve("tck-output.log");
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(logFile), 1 << 16);
        LogCapture.Shared log = new LogCapture.Shared(file);
        System.setOut(new PrintStream(new LogCapture(log), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LogCapture(log), true, StandardCharsets.UTF_8));
        harnessLogging();

        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> header = new ArrayList<>();
        header.add("Date: " + startedAt);
        header.add("TCK jar: " + jar + " (" + Files.size(jar) + " bytes)");
        header.add("Store: " + storeUrl + " (fresh)");
        header.add("JNDI: " + env.get("java.naming.factory.initial") + ", " + TckMain.jndiDirectory(dir).resolve("jndi.properties"));
        header.add("Settings: jms_timeout=" + jmsTimeout + " ms, user=" + TckJndi.USER + ", platform.mode=standalone, vehicle=standalone, "
                + "per-test timeout " + testTimeout + " s" + (classes.equals(".*") ? "" : ", classes matching " + classes)
                + (tests.isEmpty() ? "" : ", tests matching " + tests));
        header.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        header.add("Log: " + logFile);

        Path reportFile = dir.resolve("tck-report.txt");
        long t0 = System.nanoTime();
        TckResults[] results = new TckResults[1];
        Runnable writePartial = () -> write(reportFile, TckReport.render(header, results[0].outcomes(), notes(results[0]),
                Duration.ofNanos(System.nanoTime() - t0), false));
        results[0] = new TckResults(log, console, writePartial);

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(PACKAGES.stream().map(DiscoverySelectors::selectPackage).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(classes), testFilter(testPattern))
                .configurationParameter("junit.jupiter.execution.timeout.testable.method.default", testTimeout + " s")
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        if (plan.countTestIdentifiers(id -> id.isTest()) == 0) {
            console.println("TCK: no tests found in " + jar + " (packages " + PACKAGES + ", classes matching " + classes
                    + ", tests matching " + testPattern + ")");
            return 1;
        }
        launcher.execute(plan, results[0]);

        Duration runTime = Duration.ofNanos(System.nanoTime() - t0);
        String report = TckReport.render(header, results[0].outcomes(), notes(results[0]), runTime, true);
        write(reportFile, report);
        // the failures by name, for TckMain's rerun of each alone on a fresh store
        write(dir.resolve(FAILURES_FILE), results[0].outcomes().stream().filter(o -> o.status() == Outcome.Status.FAILED)
                .map(o -> o.className() + "#" + o.method() + "\n").reduce("", String::concat));
        System.out.flush();
        System.err.flush();
        file.flush();
        String last = report.strip().lines().reduce((a, b) -> b).orElse("");
        console.println("TCK report: " + reportFile + " (run time " + TckReport.format(runTime) + ")");
        console.println(last);
        return 0;
    }

    /** Keeps the test methods whose {@code Class#method} (class name without package) matches. */
    private static PostDiscoveryFilter testFilter(Pattern pattern) {
        return descriptor -> {
            if (descriptor.getSource().orElse(null) instanceof MethodSource m) {
                String name = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "#" + m.getMethodName();
                boolean in = pattern.matcher(name).matches() || pattern.matcher(m.getClassName() + "#" + m.getMethodName()).matches();
                return in ? FilterResult.included("matches tck.tests") : FilterResult.excluded("does not match tck.tests");
            }
            return FilterResult.included("not a test method");
        };
    }

    private static List<String> notes(TckResults results) {
        return results.containerFailures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /**
     * The TCK's TestUtil logging buffers everything in memory unless a harness set it up; make it print to
     * System.out/System.err (the log file), errors prefixed {@code ERROR:}, without trace lines.
     */
    private static void harnessLogging() {
        try {
            Class<?> util = Class.forName("com.sun.ts.lib.util.TestUtil");
            for (String[] f : new String[][] {{"out", "out"}, {"err", "err"}}) {
                Field field = util.getDeclaredField(f[0]);
                field.setAccessible(true);
                field.set(null, new PrintWriter(f[1].equals("out") ? System.out : System.err, true));
            }
            Properties p = new Properties();
            p.setProperty("line.separator", System.lineSeparator());
            p.setProperty("harness.log.traceflag", "false");
            util.getMethod("initNoLogging", Properties.class).invoke(null, p);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("TCK runner: could not route the TCK's TestUtil logging: " + e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
