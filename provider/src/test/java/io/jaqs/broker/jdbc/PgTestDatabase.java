package io.jaqs.broker.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, database {@code test}, user {@code postgres}
 * (trust auth), overridable with {@code -Djaqs.test.pgUrl=jdbc:postgresql://...}. Each test gets a
 * fresh schema ({@code currentSchema=} in the URL), dropped afterwards. When no PostgreSQL answers,
 * the test is skipped by a JUnit assumption with one line saying so.
 */
public final class PgTestDatabase {
    public static final String BASE_URL = System.getProperty("jaqs.test.pgUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static volatile Boolean available;

    private PgTestDatabase() {
    }

    /** True when the broker tests run against PostgreSQL ({@code -Djaqs.test.store=postgres}). */
    public static boolean selected() {
        return "postgres".equalsIgnoreCase(System.getProperty("jaqs.test.store"));
    }

    /** Skips the calling test when no PostgreSQL answers. */
    public static void assumeAvailable() {
        Boolean a = available;
        if (a == null) {
            try (Connection c = DriverManager.getConnection(BASE_URL + "&connectTimeout=3")) {
                a = c.isValid(3);
            } catch (SQLException e) {
                a = false;
            }
            available = a;
        }
        Assumptions.assumeTrue(a, "No PostgreSQL answers at " + BASE_URL + ": PostgreSQL store tests skipped"
                + " (start it: pg_ctlcluster <version> main start)");
    }

    /** Creates a fresh schema and returns its name. */
    public static String createSchema() {
        assumeAvailable();
        String schema = "jaqs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        exec("CREATE SCHEMA " + schema);
        return schema;
    }

    /** The store URL of a test schema; its connections carry the schema as their application name. */
    public static String url(String schema) {
        return BASE_URL + "&currentSchema=" + schema + "&ApplicationName=" + schema;
    }

    /** The schema a URL of {@link #url(String)} names. */
    public static String schemaOf(String url) {
        int i = url.indexOf("&currentSchema=");
        int end = url.indexOf('&', i + 1);
        return url.substring(i + "&currentSchema=".length(), end < 0 ? url.length() : end);
    }

    /** Ends every database connection of a test schema's stores, as a database restart would (pg_terminate_backend). */
    public static int terminateSessions(String schema) {
        try (Connection c = DriverManager.getConnection(BASE_URL);
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Connections the database has open for a test schema's stores (by application name). */
    public static int sessions(String schema) {
        try (Connection c = DriverManager.getConnection(BASE_URL);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static void dropSchema(String schema) {
        exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
