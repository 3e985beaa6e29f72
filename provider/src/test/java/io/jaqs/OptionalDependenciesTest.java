package io.jaqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer, the OpenTelemetry API and MicroProfile Health are optional: without them on the
 * class path Jaqs works, and only the packages written for them refer to them.
 */
class OptionalDependenciesTest {
    private static final List<String> OPTIONAL = List.of("micrometer", "opentelemetry", "microprofile-health", "HdrHistogram",
            "LatencyUtils");
    /** Where each optional API may be referred to (loaded only by name or by the application's own call). */
    private static final Set<String> ALLOWED = Set.of("io/jaqs/metrics/", "io/jaqs/jms/tracing/OtelMessagingTracing",
            "io/jaqs/cdi/health/");

    @Test
    void jaqsSendsReceivesAndChecksHealthWithoutTheOptionalJars() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int left = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            if (OPTIONAL.stream().anyMatch(entry::contains)) {
                left++;
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        assertTrue(left >= 3, "the optional jars were on the test class path to leave out: " + cp);
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(isolated);
            try {
                @SuppressWarnings("unchecked")
                Callable<String> scenario = (Callable<String>) isolated.loadClass(NoOptionalDependenciesScenario.class.getName())
                        .getDeclaredConstructor().newInstance();
                assertEquals("one,two,up=true", scenario.call());
            } finally {
                t.setContextClassLoader(before);
            }
        }
    }

    @Test
    void onlyTheirOwnPackagesReferToTheOptionalApis() throws IOException {
        Path classes = Path.of("target/classes");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (ALLOWED.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                // class-file constant pools hold referenced class names as UTF-8 in internal form
                String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String api : List.of("io/micrometer/", "io/opentelemetry/", "org/eclipse/microprofile/health/")) {
                    if (pool.contains(api)) {
                        offenders.add(name + " -> " + api);
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
