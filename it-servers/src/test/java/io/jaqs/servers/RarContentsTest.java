package io.jaqs.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The .rar holds what the adapter needs and nothing a server supplies or that breaks it. */
class RarContentsTest {
    @Test
    void noCdiExtensionNoJakartaApiJars() throws IOException {
        List<String> jars = new ArrayList<>();
        try (ZipFile rar = new ZipFile(Server.RAR.toFile())) {
            for (ZipEntry e : java.util.Collections.list(rar.entries())) {
                String name = e.getName();
                if (name.endsWith(".jar")) {
                    jars.add(name.replaceAll("-[0-9][^/]*?(-no-cdi)?\\.jar$", "$1.jar"));
                    try (InputStream in = rar.getInputStream(e); ZipInputStream jar = new ZipInputStream(in)) {
                        for (ZipEntry c; (c = jar.getNextEntry()) != null; ) {
                            assertFalse(c.getName().equals("META-INF/services/jakarta.enterprise.inject.spi.Extension"),
                                    name + " registers a CDI extension");
                            assertFalse(c.getName().startsWith("io/jaqs/cdi/"), name + " holds " + c.getName());
                            assertFalse(c.getName().startsWith("jakarta/"), name + " holds a Jakarta API class " + c.getName());
                        }
                    }
                }
            }
            assertTrue(rar.getEntry("META-INF/ra.xml") != null);
        }
        java.util.Collections.sort(jars);
        assertEquals(List.of("HikariCP.jar", "h2.jar", "jaqs-provider-no-cdi.jar", "jaqs-ra.jar", "postgresql.jar", "slf4j-api.jar"),
                jars);
    }
}
