package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.jndi.JaqsInitialContextFactory;
import io.jaqs.jms.jndi.JaqsObjectFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.Context;
import javax.naming.RefAddr;
import javax.naming.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store secrets' forms pass through every configuration path as configured (JNDI properties, a
 * JNDI reference, the CDI configuration) and are read only when the broker opens the store: the
 * configuration, and a reference bound in a naming service, hold {@code env:NAME} or
 * {@code file:/path}, never the secret. (The resource adapter's path: the ra module's
 * StoreSecretsConfigTest.)
 */
class StoreSecretsConfigTest {
    @TempDir
    Path dir;

    @Test
    void jndiPropertiesAndReferencesCarryTheSourceNotTheSecret() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("jndi").toAbsolutePath();
        Path pw = Files.writeString(dir.resolve("pw"), "jndi-store-password\n");
        Context ctx = new JaqsInitialContextFactory().getInitialContext(new Hashtable<>(Map.of(
                "connectionFactory.cf", url,
                "connectionFactory.cf.storeUser", "env:JAQS_TEST_STORE_USER",
                "connectionFactory.cf.storePassword", "file:" + pw,
                "connectionFactory.cf.storeEncryptionKey", "env:JAQS_TEST_STORE_KEY")));
        try {
            JaqsConnectionFactory cf = (JaqsConnectionFactory) ctx.lookup("cf");
            assertEquals("env:JAQS_TEST_STORE_USER", cf.getStoreUser());
            assertEquals("file:" + pw, cf.getStorePassword());
            assertEquals("env:JAQS_TEST_STORE_KEY", cf.getStoreEncryptionKey());

            Reference ref = cf.getReference();
            for (RefAddr a : Collections.list(ref.getAll())) {
                String v = String.valueOf(a.getContent());
                assertFalse(v.contains("jndi-store-password") || v.contains("key-from-the-environment"),
                        "a secret in the reference: " + a);
            }
            JaqsConnectionFactory restored = (JaqsConnectionFactory) new JaqsObjectFactory().getObjectInstance(ref, null, null, null);
            assertEquals("env:JAQS_TEST_STORE_KEY", restored.getStoreEncryptionKey());

            cf.getBroker().createQueue("q", Map.of()); // the secrets are read now, and open the encrypted store
            assertEquals("true", cf.getBroker().getQueueAttributes("q", List.of("SqsManagedSseEnabled")).get("SqsManagedSseEnabled"));
        } finally {
            ctx.close();
            BrokerRegistry.shutdown(url);
        }
        // what was read: the environment's user and key, the file's password
        JaqsConnectionFactory plain = new JaqsConnectionFactory(url);
        plain.setStoreUser("jaqs_env_user");
        plain.setStorePassword("jndi-store-password");
        plain.setStoreEncryptionKey("key-from-the-environment");
        try {
            assertEquals(1, plain.getBroker().listQueues("q").size());
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }

    @Test
    void theCdiConfigurationGivesTheStoreKeysToItsFactories() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdi").toAbsolutePath();
        Path key = Files.writeString(dir.resolve("key"), "cdi-key\n");
        Map<String, String> props = Map.of(
                "jaqs.connectionFactory.secrets.url", url,
                "jaqs.connectionFactory.secrets.storeUser", "env:JAQS_TEST_STORE_USER",
                "jaqs.connectionFactory.secrets.storePassword", "plain:cdi-password",
                "jaqs.connectionFactory.secrets.storeEncryptionKey", "file:" + key);
        props.forEach(System::setProperty);
        try {
            JaqsConfig config = JaqsConfig.load();
            JaqsConnectionFactory f = new JaqsConnectionFactory(config.url("secrets"));
            config.applyStore(f, "secrets");
            assertEquals("env:JAQS_TEST_STORE_USER", f.getStoreUser());
            assertEquals("plain:cdi-password", f.getStorePassword());
            assertEquals("file:" + key, f.getStoreEncryptionKey());
            f.getBroker().createQueue("q", Map.of());
            assertTrue(f.getBroker().getQueueAttributes("q", List.of("All")).get("SqsManagedSseEnabled").equals("true"));
        } finally {
            props.keySet().forEach(System::clearProperty);
            BrokerRegistry.shutdown(url);
        }
        JaqsConnectionFactory plain = new JaqsConnectionFactory(url);
        plain.setStoreUser("jaqs_env_user");
        plain.setStorePassword("cdi-password");
        plain.setStoreEncryptionKey("cdi-key");
        try {
            assertEquals(1, plain.getBroker().listQueues("q").size());
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }
}
