package io.jaqs.cdi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Configuration of the CDI integration: plain properties from {@code jaqs.properties} on the class
 * path (thread context class loader), overridden by system properties.
 * <ul>
 *   <li>{@code jaqs.url}: store URL of the default connection factory (default
 *       {@code jdbc:h2:file:./data/jaqs});</li>
 *   <li>{@code jaqs.user}, {@code jaqs.password}: default credentials;</li>
 *   <li>{@code jaqs.connectionFactory.<name>.url} (and {@code .user}, {@code .password}): a named
 *       factory, selected with {@code @JMSConnectionFactory("<name>")} or
 *       {@code @JaqsListener(connectionFactory = "<name>")};</li>
 *   <li>{@code jaqs.jta.transactionManager}: where to find the JTA TransactionManager when the
 *       application does not provide a CDI bean of that type: {@code some.Class#staticMethod} (for
 *       Narayana {@code com.arjuna.ats.jta.TransactionManager#transactionManager}) or a class name
 *       with a public no-argument constructor.</li>
 * </ul>
 */
public final class JaqsConfig {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/jaqs";
    private final Properties props = new Properties();

    private JaqsConfig() {
    }

    /** Reads the configuration now (class path file, then system properties). */
    public static JaqsConfig load() {
        JaqsConfig c = new JaqsConfig();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = JaqsConfig.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream("jaqs.properties")) {
            if (in != null) {
                c.props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jaqs.properties", e);
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("jaqs.")) {
                c.props.setProperty(name, System.getProperty(name));
            }
        }
        return c;
    }

    public String get(String key) {
        return props.getProperty(key);
    }

    private static String prefix(String factoryName) {
        return factoryName == null || factoryName.isEmpty() ? "jaqs." : "jaqs.connectionFactory." + factoryName + ".";
    }

    /** The store URL of a factory ("" = default); fails for an unknown named factory. */
    public String url(String factoryName) {
        String url = props.getProperty(prefix(factoryName) + "url");
        if (url == null) {
            if (factoryName == null || factoryName.isEmpty()) {
                return DEFAULT_URL;
            }
            throw new IllegalArgumentException("no connection factory named '" + factoryName
                    + "': set jaqs.connectionFactory." + factoryName + ".url");
        }
        return url;
    }

    public String user(String factoryName) {
        return props.getProperty(prefix(factoryName) + "user");
    }

    public String password(String factoryName) {
        return props.getProperty(prefix(factoryName) + "password");
    }
}
