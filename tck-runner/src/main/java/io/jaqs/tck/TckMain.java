package io.jaqs.tck;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    public static void main(String[] args) throws Exception {
        String jarProperty = System.getProperty("tck.jar", "").strip();
        if (jarProperty.isEmpty() || !Files.isRegularFile(Path.of(jarProperty))) {
            System.out.println("TCK not found: no Jakarta Messaging TCK jar at '" + jarProperty + "' (give -Dtck.jar=PATH or install "
                    + "jakarta.tck:jms-tck:11.0.4-SNAPSHOT in the local Maven repository); the TCK was not run.");
            return;
        }
        Path jar = Path.of(jarProperty).toAbsolutePath();
        Path dir = outputDirectory();
        Path jndi = jndiDirectory(dir);
        Files.createDirectories(jndi);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("tck.jvmArgs", "-Xmx1g").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        for (String p : List.of("tck.dir", "tck.jmsTimeout", "tck.testTimeout", "tck.classes", "tck.tests", "tck.jvmArgs")) {
            String v = System.getProperty(p);
            if (v != null) {
                command.add("-D" + p + "=" + v);
            }
        }
        command.add("-Dtck.jar=" + jar);
        command.add("-classpath");
        command.add(System.getProperty("java.class.path") + File.pathSeparator + jar + File.pathSeparator + jndi);
        command.add(TckRun.class.getName());
        Process process = new ProcessBuilder(command).inheritIO().start();
        System.exit(process.waitFor());
    }

    static Path outputDirectory() {
        return Path.of(System.getProperty("tck.dir", "target")).toAbsolutePath();
    }

    static Path jndiDirectory(Path outputDirectory) {
        return outputDirectory.resolve("tck-jndi");
    }
}
