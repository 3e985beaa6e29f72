package io.jaqs.jms;

import io.jaqs.broker.jdbc.PgTestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store URL a JMS test runs on: a fresh H2 file in the test's directory, or, when the suite runs
 * on PostgreSQL ({@code -Djaqs.test.store=postgres}, the second surefire execution), a fresh schema of
 * the test database (the test is skipped with one line when no PostgreSQL answers).
 */
final class TestStores {
    /** PostgreSQL URLs handed out, with their schema, to drop when the test releases them. */
    private static final Map<String, String> SCHEMAS = new ConcurrentHashMap<>();

    private TestStores() {
    }

    static boolean onPostgres() {
        return PgTestDatabase.selected();
    }

    /** A new, empty store for this test; {@code name} tells two stores of one test apart. */
    static String newStore(Path dir, String name) {
        if (onPostgres()) {
            String schema = PgTestDatabase.createSchema();
            String url = PgTestDatabase.url(schema);
            SCHEMAS.put(url, schema);
            return url;
        }
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    /** Shuts the JVM's broker on the store down and, on PostgreSQL, drops the test's schema. */
    static void release(String url) {
        if (url == null) {
            return;
        }
        try {
            BrokerRegistry.shutdown(url);
        } finally {
            drop(url);
        }
    }

    /** On PostgreSQL, drops the test's schema (its broker must be shut down); on H2 the temporary directory goes. */
    static void drop(String url) {
        String schema = url == null ? null : SCHEMAS.remove(url);
        if (schema != null) {
            PgTestDatabase.dropSchema(schema);
        }
    }
}
