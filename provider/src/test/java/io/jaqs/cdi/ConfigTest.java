package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Where the CDI integration reads its configuration: MicroProfile Config (SmallRye Config here)
 * when an implementation is on the class path, else system properties and {@code jaqs.properties}.
 * The paths without MicroProfile Config run in child JVMs whose class path lacks it.
 */
class ConfigTest extends CdiTestSupport {

    @Dependent
    static class FromMp {
        @Inject
        @JMSConnectionFactory("mp")
        ConnectionFactory mpFactory;
        @Inject
        @JMSConnectionFactory("mp")
        JMSContext mp;
        @Inject
        JMSContext context;
    }

    @Test
    void microProfileConfigSourcesAreRead() throws Exception {
        Path cp = Files.createDirectories(dir.resolve("cp").resolve("META-INF"));
        String mpUrl = storeUrl("frommp");
        // a key only MicroProfile Config knows, and one the system property jaqs.url overrides (ordinal 400 > 100)
        Files.writeString(cp.resolve("microprofile-config.properties"),
                "jaqs.connectionFactory.mp.url=" + mpUrl.replace("\\", "\\\\") + "\njaqs.url=jdbc:h2:mem:overridden\n");
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {cp.getParent().toUri().toURL()}, saved)) {
            t.setContextClassLoader(loader);
            assertTrue(JaqsConfig.load().usesMicroProfileConfig());
            start(FromMp.class);
        } finally {
            t.setContextClassLoader(saved);
        }
        FromMp bean = container.select(FromMp.class).get();
        assertEquals(mpUrl, ((JaqsConnectionFactory) bean.mpFactory).getUrl());
        bean.mp.createProducer().send(bean.mp.createQueue("cfg"), "via mp");
        bean.context.createProducer().send(bean.context.createQueue("cfg"), "via default");
        try (JMSContext c = new JaqsConnectionFactory(mpUrl).createContext()) {
            assertEquals("via mp", c.createConsumer(c.createQueue("cfg")).receiveBody(String.class, 5000));
        }
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            assertEquals("via default", c.createConsumer(c.createQueue("cfg")).receiveBody(String.class, 5000),
                    "the system property jaqs.url wins over microprofile-config.properties");
        }
    }

    @Test
    void environmentVariablesReachUsThroughMicroProfileConfig() throws Exception {
        String out = probe(List.of(), Map.of("JAQS_URL", "jdbc:h2:mem:fromenv"));
        assertTrue(out.contains("mp=true url=jdbc:h2:mem:fromenv"), out);
    }

    @Test
    void withoutMicroProfileConfigSystemPropertiesAndTheFileAreRead() throws Exception {
        Path cp = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(cp.resolve("jaqs.properties"), "jaqs.connectionFactory.other.url=jdbc:h2:mem:fromfile\n");
        List<String> excluded = List.of("microprofile-config-api", "smallrye-config");
        // the environment variable is MicroProfile Config's convention: not read without it
        String plain = probe(excluded, Map.of("JAQS_URL", "jdbc:h2:mem:fromenv"), cp.toString(), "-Djaqs.url=jdbc:h2:mem:fromsys");
        assertTrue(plain.contains("mp=false url=jdbc:h2:mem:fromsys other=jdbc:h2:mem:fromfile"), plain);
        assertTrue(plain.contains("injected=jdbc:h2:mem:fromsys"), "the extension runs without the API: " + plain);
        String defaults = probe(excluded, Map.of(), cp.toString());
        assertTrue(defaults.contains("mp=false url=" + JaqsConfig.DEFAULT_URL), defaults);
    }

    @Test
    void theApiWithoutAnImplementationFallsBackToPlainProperties() throws Exception {
        String out = probe(List.of("smallrye-config"), Map.of("JAQS_URL", "jdbc:h2:mem:fromenv"), null, "-Djaqs.url=jdbc:h2:mem:fromsys");
        assertTrue(out.contains("mp=false url=jdbc:h2:mem:fromsys"), out);
    }

    /** Runs {@link Probe} in a child JVM with this class path less the jars whose names contain one of {@code excluded}. */
    private String probe(List<String> excluded, Map<String, String> env, String extraClassPath, String... jvmArgs) throws Exception {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> excluded.stream().noneMatch(x -> Path.of(e).getFileName().toString().startsWith(x)))
                .collect(Collectors.toCollection(ArrayList::new));
        if (extraClassPath != null) {
            entries.add(0, extraClassPath);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(jvmArgs));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, entries), Probe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JAQS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("Exception"), out);
        return out;
    }

    private String probe(List<String> excluded, Map<String, String> env) throws Exception {
        return probe(excluded, env, null);
    }

    @Dependent
    public static class Injected {
        @Inject
        ConnectionFactory factory;
    }

    /** Child JVM: prints what the configuration says, and the URL of an injected factory when MicroProfile Config is absent. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            JaqsConfig c = JaqsConfig.load();
            String other;
            try {
                other = c.url("other");
            } catch (IllegalArgumentException e) {
                other = "none";
            }
            System.out.println("mp=" + c.usesMicroProfileConfig() + " url=" + c.url("") + " other=" + other);
            boolean apiPresent;
            try {
                Class.forName("org.eclipse.microprofile.config.ConfigProvider");
                apiPresent = true;
            } catch (ClassNotFoundException e) {
                apiPresent = false;
            }
            if (!apiPresent) {
                try (WeldContainer weld = new Weld("probe").disableDiscovery().addExtension(new JaqsExtension())
                        .addBeanClasses(Injected.class).initialize()) {
                    Injected bean = weld.select(Injected.class).get();
                    System.out.println("injected=" + ((JaqsConnectionFactory) bean.factory).getUrl());
                }
            }
            System.out.flush();
        }
    }
}
