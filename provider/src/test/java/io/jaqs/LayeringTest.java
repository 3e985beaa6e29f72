package io.jaqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.JaqsBroker;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers, checked on the compiled classes: every class another class names in its constant pool
 * (its imports, field and method types, calls), string constants left out. Run on another build
 * with {@code -Djaqs.layering.classes=<dir of .class files>}.
 */
class LayeringTest {
    private static final Pattern CLASS_NAME = Pattern.compile("(io/jaqs/[\\w/$]+|jakarta/jms/[\\w/$]+)");

    /** The core (io.jaqs.broker and its store SPI) never names the JDBC store: it is handed a QueueStore. */
    @Test
    void theCoreNeverUsesTheJdbcStore() throws IOException {
        assertNone(violations(pkg("io.jaqs.broker").or(pkg("io.jaqs.broker.store")), pkg("io.jaqs.broker.jdbc")));
    }

    /** The JDBC store knows only the store SPI of the core (its own exception included), nothing above it. */
    @Test
    void theJdbcStoreUsesOnlyTheStoreSpi() throws IOException {
        assertNone(violations(pkg("io.jaqs.broker.jdbc"),
                name -> name.startsWith("io.jaqs.broker.") && !pkg("io.jaqs.broker.jdbc").test(name)
                        && !pkg("io.jaqs.broker.store").test(name)));
    }

    /** The store SPI names nothing of the core: the core depends on it, not the other way. */
    @Test
    void theStoreSpiUsesNothingOfTheCore() throws IOException {
        assertNone(violations(pkg("io.jaqs.broker.store"),
                name -> name.startsWith("io.jaqs.broker.") && !pkg("io.jaqs.broker.store").test(name)));
    }

    /** Nothing under io.jaqs.broker knows JMS: the core gives queues SQS semantics, the facade maps JMS onto it. */
    @Test
    void theBrokerNeverUsesJms() throws IOException {
        assertNone(violations(name -> name.startsWith("io.jaqs.broker."), name -> name.startsWith("jakarta.jms.")));
    }

    /**
     * The facade rule: every front end (the JMS facade, CDI, the console, metrics, JMX, tracing)
     * reaches the core only through the {@code Broker} interface. None names the JDBC store or
     * {@code JaqsBroker}; opening a broker on a store is the composition root's job
     * ({@code io.jaqs.boot.Brokers}), the one class outside the core that names both.
     */
    @Test
    void theFrontEndsUseOnlyTheBrokerInterface() throws IOException {
        assertNone(violations(name -> name.startsWith("io.jaqs.") && !name.startsWith("io.jaqs.broker.")
                        && !pkg("io.jaqs.boot").test(name),
                name -> name.startsWith("io.jaqs.broker.jdbc.") || name.equals("io.jaqs.broker.JaqsBroker")
                        || name.startsWith("io.jaqs.broker.JaqsBroker$")));
    }

    private static void assertNone(Map<String, Set<String>> violations) {
        assertEquals(Map.of(), violations, "classes naming what their layer must not");
    }

    /** Classes directly in a package (nested classes included, sub-packages not). */
    private static Predicate<String> pkg(String name) {
        return c -> c.startsWith(name + ".") && c.indexOf('.', name.length() + 1) < 0;
    }

    /** For each class matching {@code from}: the classes it names that match {@code forbidden}. */
    private static Map<String, Set<String>> violations(Predicate<String> from, Predicate<String> forbidden) throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        Path root = classesDir();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(files.size() > 50, "compiled classes under " + root);
        for (Path file : files) {
            String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
            if (!from.test(name)) {
                continue;
            }
            Set<String> bad = new TreeSet<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (String used : referencedClasses(in)) {
                    if (forbidden.test(used)) {
                        bad.add(used);
                    }
                }
            }
            if (!bad.isEmpty()) {
                found.put(name, bad);
            }
        }
        return found;
    }

    private static Path classesDir() {
        String dir = System.getProperty("jaqs.layering.classes");
        if (dir != null) {
            return Path.of(dir);
        }
        try {
            return Path.of(JaqsBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class names (dotted) in a class file's constant pool: class entries and type descriptors, not string constants. */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Set<Integer> stringConstants = new HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 16, 19, 20 -> in.readUnsignedShort(); // class, method type, module, package
                case 8 -> stringConstants.add(in.readUnsignedShort());
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, name and type, dynamic
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new TreeSet<>();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !stringConstants.contains(i)) {
                texts.add(utf8[i]);
            }
        }
        for (String text : texts) {
            Matcher m = CLASS_NAME.matcher(text);
            while (m.find()) {
                names.add(m.group(1).replace('/', '.'));
            }
        }
        return names;
    }
}
