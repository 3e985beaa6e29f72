package io.jaqs.cdi;

import io.jaqs.jms.BrokerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A Weld SE container per test, with jaqs.url pointing at a fresh H2 store in a temporary directory. */
abstract class CdiTestSupport {
    @TempDir
    Path dir;
    String url;
    private final List<String> properties = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    WeldContainer container;

    @BeforeEach
    void store() {
        url = storeUrl("jms");
        setProperty("jaqs.url", url);
    }

    String storeUrl(String name) {
        String u = "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
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
    }
}
