package io.jaqs.cdi;

import io.jaqs.broker.jdbc.PgTestDatabase;
import io.jaqs.jms.BrokerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Weld SE container per test, with jaqs.url pointing at a fresh store: H2 in a temporary
 * directory, or a fresh PostgreSQL schema when the suite runs with {@code -Djaqs.test.store=postgres}.
 */
abstract class CdiTestSupport {
    @TempDir
    Path dir;
    String url;
    private final List<String> properties = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> pgSchemas = new ArrayList<>();
    WeldContainer container;

    @BeforeEach
    void store() {
        url = storeUrl("jms");
        setProperty("jaqs.url", url);
    }

    String storeUrl(String name) {
        String u;
        if (PgTestDatabase.selected()) {
            String schema = PgTestDatabase.createSchema(); // skips the test when no PostgreSQL answers
            pgSchemas.add(schema);
            u = PgTestDatabase.url(schema);
        } else {
            u = "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
        }
        urls.add(u);
        return u;
    }

    void setProperty(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    WeldContainer start(Class<?>... beans) {
        container = new Weld("jaqs-test-" + System.nanoTime()).disableDiscovery()
                .addExtension(new JaqsExtension()).addBeanClasses(beans).initialize();
        return container;
    }

    @AfterEach
    void tearDown() {
        if (container != null && container.isRunning()) {
            container.shutdown();
        }
        properties.forEach(System::clearProperty);
        urls.forEach(BrokerRegistry::shutdown);
        pgSchemas.forEach(PgTestDatabase::dropSchema);
    }
}
