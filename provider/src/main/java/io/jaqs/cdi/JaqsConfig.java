package io.jaqs.cdi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Configuration of the CDI integration. Each key is looked up, in order, in
 * <ol>
 *   <li>MicroProfile Config, when the application has an implementation of it (SmallRye Config,
 *       Helidon, ...): its sources in their ordinals: system properties, environment variables
 *       ({@code JAQS_URL} for {@code jaqs.url}, as the MicroProfile Config rules map names),
 *       {@code META-INF/microprofile-config.properties}, the application's own sources;</li>
 *   <li>system properties;</li>
 *   <li>{@code jaqs.properties} on the class path (thread context class loader).</li>
 * </ol>
 * Without MicroProfile Config (the API is an optional dependency) the last two are all there is.
 * Keys:
 * <ul>
 *   <li>{@code jaqs.url}: store URL of the default connection factory (default
 *       {@code jdbc:h2:file:./data/jaqs});</li>
 *   <li>{@code jaqs.user}, {@code jaqs.password}: default credentials;</li>
 *   <li>{@code jaqs.storeUser}, {@code jaqs.storePassword}: the store database's credentials, and
 *       {@code jaqs.storeEncryptionKey}: the key of an H2 file store encrypted at rest; each as
 *       {@code env:NAME}, {@code file:/path}, {@code plain:text} or the value itself;</li>
 *   <li>{@code jaqs.connectionFactory.<name>.url} (and {@code .user}, {@code .password},
 *       {@code .storeUser}, {@code .storePassword}, {@code .storeEncryptionKey}): a named
 *       factory, selected with {@code @JMSConnectionFactory("<name>")} or
 *       {@code @JaqsListener(connectionFactory = "<name>")};</li>
 *   <li>{@code jaqs.jta.transactionManager}: where to find the JTA TransactionManager when the
 *       application does not provide a CDI bean of that type: {@code some.Class#staticMethod} (for
 *       Narayana {@code com.arjuna.ats.jta.TransactionManager#transactionManager}) or a class name
 *       with a public no-argument constructor;</li>
 *   <li>{@code jaqs.redeliveryDelaySeconds}, {@code jaqs.redeliveryMultiplier},
 *       {@code jaqs.maxRedeliveryDelaySeconds} (and per named factory
 *       {@code jaqs.connectionFactory.<name>.redeliveryDelaySeconds} etc.): the redelivery backoff of
 *       the factory's sessions and listeners (defaults 0, 2.0, 60);</li>
 *   <li>{@code jaqs.users}, {@code jaqs.roles}, {@code jaqs.permissions}, {@code jaqs.usersFile},
 *       {@code jaqs.rolesFile}, {@code jaqs.jaasLoginEntry} (and per named factory): who may connect
 *       and what each role may do, as the README's Security section says (none: open);</li>
 *   <li>{@code jaqs.listener.scaleIntervalMillis} (default 1000): how often the consumer pool of a
 *       {@code @JaqsListener} with {@code concurrency = "min-max"} is resized, on the broker's clock;</li>
 *   <li>{@code jaqs.listener.idleIntervals} (default 5): a consumer above {@code min} that delivered
 *       nothing for this many intervals, while no message waits, is closed.</li>
 * </ul>
 */
public final class JaqsConfig {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/jaqs";
    private static final String MP_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";
    private final Properties props = new Properties();
    /** MicroProfile Config's view (key → value or null), or null without an implementation. */
    private UnaryOperator<String> microProfile;

    private JaqsConfig() {
    }

    /** Reads the configuration now (MicroProfile Config when present, system properties, the class path file). */
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
        try {
            c.microProfile = MicroProfile.lookup(cl);
        } catch (LinkageError e) {
            c.microProfile = null; // part of the API missing: plain properties
        }
        return c;
    }

    /** True when the values come from MicroProfile Config first (an implementation is on the class path). */
    public boolean usesMicroProfileConfig() {
        return microProfile != null;
    }

    public String get(String key) {
        if (microProfile != null) {
            String v = microProfile.apply(key);
            if (v != null) {
                return v;
            }
        }
        return props.getProperty(key);
    }

    /** A whole number of at least {@code min}, or the default; anything else fails naming the key. */
    int intValue(String key, int defaultValue, int min) {
        String v = get(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + "=" + v + ": must be at least " + min);
        }
        return n;
    }

    private static String prefix(String factoryName) {
        return factoryName == null || factoryName.isEmpty() ? "jaqs." : "jaqs.connectionFactory." + factoryName + ".";
    }

    /** The store URL of a factory ("" = default); fails for an unknown named factory. */
    public String url(String factoryName) {
        String url = get(prefix(factoryName) + "url");
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
        return get(prefix(factoryName) + "user");
    }

    public String password(String factoryName) {
        return get(prefix(factoryName) + "password");
    }

    /**
     * The store keys of a factory, when set: {@code jaqs[.connectionFactory.<name>].storeUser},
     * {@code .storePassword}, {@code .storeEncryptionKey}. Passed as configured: the broker reads
     * the secrets ({@code env:}, {@code file:}) when it opens the store.
     */
    void applyStore(io.jaqs.jms.JaqsConnectionFactory f, String factoryName) {
        String user = get(prefix(factoryName) + "storeUser");
        if (user != null) {
            f.setStoreUser(user);
        }
        String password = get(prefix(factoryName) + "storePassword");
        if (password != null) {
            f.setStorePassword(password);
        }
        String key = get(prefix(factoryName) + "storeEncryptionKey");
        if (key != null) {
            f.setStoreEncryptionKey(key);
        }
    }

    /**
     * The redelivery backoff and security keys of a factory, when set:
     * {@code jaqs[.connectionFactory.<name>].redeliveryDelaySeconds} etc., and {@code .users},
     * {@code .roles}, {@code .permissions}, {@code .usersFile}, {@code .rolesFile}, {@code .jaasLoginEntry}.
     */
    void applyRedelivery(io.jaqs.jms.JaqsConnectionFactory f, String factoryName) {
        for (String property : java.util.List.of("redeliveryDelaySeconds", "redeliveryMultiplier", "maxRedeliveryDelaySeconds",
                "users", "roles", "permissions", "usersFile", "rolesFile", "jaasLoginEntry")) {
            String key = prefix(factoryName) + property;
            String v = get(key);
            if (v != null && !v.isBlank()) {
                try {
                    io.jaqs.jms.jndi.FactoryProperties.apply(f, property, v, key);
                } catch (javax.naming.ConfigurationException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        }
    }

    /** The only class that touches the MicroProfile Config API: loaded only when that API is present. */
    private static final class MicroProfile {
        static UnaryOperator<String> lookup(ClassLoader cl) {
            try {
                Class.forName(MP_PROVIDER, false, JaqsConfig.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return null; // no MicroProfile Config API: plain properties
            }
            try {
                org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig(cl);
                return key -> config.getOptionalValue(key, String.class).orElse(null);
            } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
                // the API without an implementation: ConfigProvider finds no resolver
                System.getLogger(JaqsConfig.class.getName()).log(System.Logger.Level.DEBUG,
                        "MicroProfile Config API present but not usable; plain properties only: " + e);
                return null;
            }
        }
    }
}
