package io.jaqs.tck;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Entry point of {@code mvn -pl tck-runner verify -Ptck}: finds the TCK jar and runs {@link TckRun} in a JVM
 * whose classpath is this one plus the TCK jar and the directory of the generated {@code jndi.properties}
 * (where the TCK's plain {@code new InitialContext()} finds Jaqs's JNDI configuration).
 *
 * <p>System properties: {@code tck.jar} (the TCK jar), {@code tck.dir} (output directory, default
 * {@code target}), {@code tck.jmsTimeout} (ms the TCK waits for a message, default 2000),
 * {@code tck.testTimeout} (seconds after which one test is abandoned, default 60 jms_timeouts and at least
 * 120), {@code tck.classes} (regular expression on fully qualified test class names, default all),
 * {@code tck.tests} (regular expression on {@code SimpleClassName#method}, default all), {@code tck.jvmArgs}
 * (options of the TCK JVM, default {@code -Xmx1g}).
 */
public final class TckMain {
    private TckMain() {
    }

    /** Failed tests rerun one by one on a fresh store at most; more failures than this are not order effects. */
    static final int MAX_RERUNS = 20;

    public static void main(String[] args) throws Exception {
        String jarProperty = System.getProperty("tck.jar", "").strip();
        if (jarProperty.isEmpty() || !Files.isRegularFile(Path.of(jarProperty))) {
            System.out.println("TCK not found: no Jakarta Messaging TCK jar at '" + jarProperty + "' (give -Dtck.jar=PATH or install "
                    + "jakarta.tck:jms-tck:11.0.4-SNAPSHOT in the local Maven repository); the TCK was not run.");
            return;
        }
        Path jar = Path.of(jarProperty).toAbsolutePath();
        Path dir = outputDirectory();
        int status = runTck(jar, dir, System.getProperty("tck.classes"), System.getProperty("tck.tests"), true);
        if (status == 0) {
            rerunFailuresAlone(jar, dir);
        }
        System.exit(status);
    }

    /**
     * Runs every failed test again, alone, on a fresh store, and adds the outcome to the report: a test that
     * passes alone failed because of what an earlier test of the run left behind (the TCK does not isolate its
     * tests from each other), not because of the feature it checks. The counts of the run itself stay as they were.
     */
    private static void rerunFailuresAlone(Path jar, Path dir) throws Exception {
        Path failuresFile = dir.resolve(TckRun.FAILURES_FILE);
        if (!Files.isRegularFile(failuresFile)) {
            return;
        }
        List<String> failures = Files.readAllLines(failuresFile).stream().filter(l -> !l.isBlank()).toList();
        if (failures.isEmpty() || failures.size() > MAX_RERUNS) {
            return;
        }
        System.out.println("Rerunning the " + failures.size() + " failed test(s) alone, each on a fresh store");
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (String test : failures) {
            String className = test.substring(0, test.indexOf('#'));
            Path rerunDir = dir.resolve("tck-rerun").resolve(Integer.toString(++i));
            int status = runTck(jar, rerunDir, Pattern.quote(className), Pattern.quote(test), false);
            Path report = rerunDir.resolve("tck-report.txt");
            String last = status == 0 && Files.isRegularFile(report)
                    ? Files.readAllLines(report).stream().filter(l -> l.startsWith("TCK: ")).reduce((a, b) -> b).orElse("")
                    : "";
            lines.add(TckReport.shortPackage(test) + ": " + TckReport.rerunVerdict(last) + " (" + rerunDir.resolve("tck-output.log") + ")");
        }
        Path mainReport = dir.resolve("tck-report.txt");
        Files.writeString(mainReport, TckReport.withReruns(Files.readString(mainReport), lines));
        lines.forEach(l -> System.out.println("  " + l));
    }

    /** Runs {@link TckRun} in a JVM of its own; returns its exit status. */
    private static int runTck(Path jar, Path dir, String classes, String tests, boolean inheritOutput) throws Exception {
        Path jndi = jndiDirectory(dir);
        Files.createDirectories(jndi);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("tck.jvmArgs", "-Xmx1g").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        for (String p : List.of("tck.jmsTimeout", "tck.testTimeout", "tck.jvmArgs")) {
            String v = System.getProperty(p);
            if (v != null) {
                command.add("-D" + p + "=" + v);
            }
        }
        command.add("-Dtck.dir=" + dir);
        command.add("-Dtck.classes=" + (classes == null ? "" : classes));
        command.add("-Dtck.tests=" + (tests == null ? "" : tests));
        command.add("-Dtck.jar=" + jar);
        command.add("-classpath");
        command.add(System.getProperty("java.class.path") + File.pathSeparator + jar + File.pathSeparator + jndi);
        command.add(TckRun.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (inheritOutput) {
            builder.inheritIO();
        } else {
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        }
        return builder.start().waitFor();
    }

    static Path outputDirectory() {
        return Path.of(System.getProperty("tck.dir", "target")).toAbsolutePath();
    }

    static Path jndiDirectory(Path outputDirectory) {
        return outputDirectory.resolve("tck-jndi");
    }
}
