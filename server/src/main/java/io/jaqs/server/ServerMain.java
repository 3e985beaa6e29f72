package io.jaqs.server;

import io.jaqs.broker.Broker;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./jaqs-server}: a Jaqs broker core on a JDBC store serving the SQS API. Settings come, in
 * this order of precedence, from the command line, environment variables ({@code JAQS_PORT}, ...),
 * a properties file ({@code --config FILE}, or {@value #DEFAULT_CONFIG_FILE} when present), and
 * the defaults.
 */
public final class ServerMain {
    static final String DEFAULT_CONFIG_FILE = "jaqs-server.properties";
    static final String DEFAULT_STORE_URL = "jdbc:h2:file:./data/jaqs";

    /** Setting name → environment variable; the same names are the properties file's keys and the options. */
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("port", "JAQS_PORT"), Map.entry("bind", "JAQS_BIND"), Map.entry("url", "JAQS_URL"),
            Map.entry("access-key", "JAQS_ACCESS_KEYS"), Map.entry("open", "JAQS_OPEN"),
            Map.entry("advertised-url", "JAQS_ADVERTISED_URL"), Map.entry("keystore", "JAQS_KEYSTORE"),
            Map.entry("keystore-password", "JAQS_KEYSTORE_PASSWORD"), Map.entry("durability", "JAQS_DURABILITY"),
            Map.entry("store-user", "JAQS_STORE_USER"), Map.entry("store-password", "JAQS_STORE_PASSWORD"),
            Map.entry("store-encryption-key", "JAQS_STORE_ENCRYPTION_KEY"),
            Map.entry("roles", "JAQS_ROLES"), Map.entry("permissions", "JAQS_PERMISSIONS"), Map.entry("roles-file", "JAQS_ROLES_FILE"));

    private static final String USAGE = """
            Usage: ./jaqs-server [options]
              --port N                 port to listen on (default 9324)
              --bind ADDR              address to listen on (default 127.0.0.1)
              --url JDBC_URL           the store (default jdbc:h2:file:./data/jaqs; or jdbc:postgresql://...)
              --access-key ID:SECRET   an access key accepted in SigV4 signatures (repeatable)
              --open                   accept unsigned requests and any signature (development only)
              --advertised-url URL     scheme://host:port that queue URLs name (default http://<bind>:<port>)
              --keystore FILE          PKCS#12/JKS keystore: serve HTTPS
              --keystore-password PW   its password
              --durability process|disk  (default process)
              --store-user USER        the store database's user (PostgreSQL)
              --store-password SECRET  its password
              --store-encryption-key SECRET  encrypt an H2 file store at rest (CIPHER=AES); a lost key is lost data
                                       SECRET: env:NAME (environment variable), file:/path (file contents),
                                       plain:text or the text itself
              --roles 'ROLE:KEY,KEY; ...'          roles of access key ids
              --permissions 'ACTIONS:PATTERN:ROLES; ...'  what each role may do (none: every key may do everything)
              --roles-file FILE        an Artemis-style roles.properties (ROLE = KEY, KEY)
              --config FILE            a properties file with these settings as keys (default ./jaqs-server.properties)
            Environment: JAQS_PORT, JAQS_BIND, JAQS_URL, JAQS_ACCESS_KEYS (ID:SECRET,ID:SECRET), JAQS_OPEN,
              JAQS_ADVERTISED_URL, JAQS_KEYSTORE, JAQS_KEYSTORE_PASSWORD, JAQS_DURABILITY, JAQS_STORE_USER,
              JAQS_STORE_PASSWORD, JAQS_STORE_ENCRYPTION_KEY, JAQS_ROLES, JAQS_PERMISSIONS, JAQS_ROLES_FILE.
            Without access keys the server runs open, and then only on a loopback address.
            """;

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.resolve(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.print(USAGE);
            return;
        }
        JaqsConnectionFactory factory = storeFactory(settings);
        Broker broker;
        try {
            broker = factory.getBroker();
        } catch (JMSException e) {
            System.err.println("Cannot open the store " + settings.storeUrl + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        SqsServer server = SqsServer.start(broker, settings.config);
        print(System.out, settings, server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // answers waiting long polls before the broker registry's hook closes the core
            stopped.countDown();
        }, "jaqs-server-stop"));
        stopped.await();
    }

    /** The factory that opens the store of these settings (its secrets as configured: the broker reads env:/file: forms). */
    static JaqsConnectionFactory storeFactory(Settings settings) {
        JaqsConnectionFactory factory = new JaqsConnectionFactory(settings.storeUrl);
        factory.setDurability(settings.durability);
        factory.setStoreUser(settings.storeUser);
        factory.setStorePassword(settings.storePassword);
        factory.setStoreEncryptionKey(settings.storeEncryptionKey);
        return factory;
    }

    private static void print(PrintStream out, Settings s, SqsServer server) {
        out.println("Jaqs SQS API on " + server.url() + " (store " + s.storeUrl + ", "
                + (s.config.open() ? "OPEN: unsigned requests accepted" : s.config.accessKeys().size() + " access key(s)") + ")");
        out.println("  aws sqs list-queues --endpoint-url " + server.url() + "   health: " + server.url() + "/health   stop: Ctrl-C");
    }

    /** Every setting, resolved from options, environment, properties file and defaults. */
    static final class Settings {
        final ServerConfig config;
        final String storeUrl;
        final String durability;
        /** The store's secrets as configured (env:NAME, file:/path, plain:text or a bare value), read by the broker. */
        final String storeUser;
        final String storePassword;
        final String storeEncryptionKey;

        private Settings(ServerConfig config, String storeUrl, String durability, String storeUser, String storePassword,
                         String storeEncryptionKey) {
            this.config = config;
            this.storeUrl = storeUrl;
            this.durability = durability;
            this.storeUser = storeUser;
            this.storePassword = storePassword;
            this.storeEncryptionKey = storeEncryptionKey;
        }

        /** @return null when help was asked for */
        static Settings resolve(String[] args, Map<String, String> env) throws IOException {
            Map<String, List<String>> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument: " + a);
                }
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (name.equals("open")) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("Option --" + name + " needs a value");
                }
                if (!ENV.containsKey(name) && !name.equals("config")) {
                    throw new IllegalArgumentException("Unknown option --" + name);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            Properties file = new Properties();
            Path configFile = options.containsKey("config") ? Path.of(options.get("config").get(0)) : Path.of(DEFAULT_CONFIG_FILE);
            if (Files.exists(configFile)) {
                try (InputStream in = Files.newInputStream(configFile)) {
                    file.load(in);
                }
                for (String key : file.stringPropertyNames()) {
                    if (!ENV.containsKey(key)) {
                        throw new IllegalArgumentException("Unknown setting '" + key + "' in " + configFile);
                    }
                }
            } else if (options.containsKey("config")) {
                throw new IllegalArgumentException("Config file not found: " + configFile);
            }

            ServerConfig c = ServerConfig.defaults();
            String port = value("port", options, env, file);
            if (port != null) {
                try {
                    c = c.withPort(Integer.parseInt(port.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("port must be a number, got '" + port + "'");
                }
            }
            String bind = value("bind", options, env, file);
            if (bind != null) {
                c = c.withBind(bind.trim());
            }
            String advertised = value("advertised-url", options, env, file);
            if (advertised != null) {
                c = c.withAdvertisedUrl(advertised.trim());
            }
            List<String> keys = options.containsKey("access-key") ? options.get("access-key")
                    : splitList(env.get(ENV.get("access-key")) != null ? env.get(ENV.get("access-key")) : file.getProperty("access-key"));
            for (String k : keys) {
                int colon = k.indexOf(':');
                if (colon <= 0 || colon == k.length() - 1) {
                    throw new IllegalArgumentException("An access key is ID:SECRET, got '" + k + "'");
                }
                c = c.withAccessKey(k.substring(0, colon), k.substring(colon + 1));
            }
            String open = value("open", options, env, file);
            boolean openMode = open != null && Boolean.parseBoolean(open.trim());
            if (keys.isEmpty() && !openMode) {
                // the local-development default: the AWS CLI and SDKs sign with whatever credentials the
                // developer has, so an open server on this machine only just works with them
                if (!isLoopback(c.bind())) {
                    throw new IllegalArgumentException("Listening on " + c.bind() + " needs --access-key ID:SECRET (or an explicit --open)");
                }
                openMode = true;
            }
            c = c.withOpen(openMode);
            String keystore = value("keystore", options, env, file);
            if (keystore != null) {
                c = c.withKeystore(Path.of(keystore), value("keystore-password", options, env, file));
            }
            String roles = value("roles", options, env, file);
            String permissions = value("permissions", options, env, file);
            String rolesFile = value("roles-file", options, env, file);
            if (roles != null || permissions != null || rolesFile != null) {
                c = c.withPermissions(roles, permissions, rolesFile);
            }
            String url = value("url", options, env, file);
            String durability = value("durability", options, env, file);
            return new Settings(c, url == null ? DEFAULT_STORE_URL : url, durability == null ? "process" : durability,
                    value("store-user", options, env, file), value("store-password", options, env, file),
                    value("store-encryption-key", options, env, file));
        }

        private static String value(String name, Map<String, List<String>> options, Map<String, String> env, Properties file) {
            if (options.containsKey(name)) {
                List<String> v = options.get(name);
                return v.get(v.size() - 1);
            }
            String e = env.get(ENV.get(name));
            return e != null ? e : file.getProperty(name);
        }

        private static List<String> splitList(String s) {
            List<String> out = new ArrayList<>();
            if (s != null) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
            return out;
        }

        private static boolean isLoopback(String bind) {
            try {
                return InetAddress.getByName(bind).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
