package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * ./jaqs-server's store secrets: --store-user, --store-password and --store-encryption-key (or
 * JAQS_STORE_USER, JAQS_STORE_PASSWORD, JAQS_STORE_ENCRYPTION_KEY, or the properties file) take
 * env:NAME, file:/path, plain:text or a bare value; over the SQS API an encrypted store reports
 * SqsManagedSseEnabled=true and refuses KmsMasterKeyId (InvalidAttributeValue), creating nothing.
 */
class ServerSecretsTest {
    @TempDir
    Path dir;

    @Test
    void secretsFromOptionsAndEnvironmentOpenAnEncryptedStoreTheSqsApiReports() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("server").toAbsolutePath();
        Path pw = Files.writeString(dir.resolve("pw"), "server-store-password\n");
        Path key = Files.writeString(dir.resolve("key"), "server-store-key\n");
        ServerMain.Settings s = ServerMain.Settings.resolve(new String[] {"--url", url, "--port", "0",
                "--store-password", "file:" + pw, "--store-user", "srv"},
                Map.of("JAQS_STORE_ENCRYPTION_KEY", "file:" + key, "JAQS_STORE_USER", "ignored-the-option-wins"));
        assertEquals("srv", s.storeUser, "an option beats the environment");
        assertEquals("file:" + pw, s.storePassword, "kept as configured: the broker reads it");
        assertEquals("file:" + key, s.storeEncryptionKey);

        Broker broker = ServerMain.storeFactory(s).getBroker();
        try (SqsServer server = SqsServer.start(broker, s.config);
             SqsClient sqs = ServerFixture.client(server.url(), "any", "any")) {
            String q = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
            assertEquals("true", sqs.getQueueAttributes(b -> b.queueUrl(q).attributeNamesWithStrings("SqsManagedSseEnabled"))
                    .attributesAsStrings().get("SqsManagedSseEnabled"));
            assertEquals("true", sqs.getQueueAttributes(b -> b.queueUrl(q).attributeNamesWithStrings("All"))
                    .attributesAsStrings().get("SqsManagedSseEnabled"));

            SqsException kms = assertThrows(SqsException.class, () -> sqs.createQueue(b -> b.queueName("kms")
                    .attributesWithStrings(Map.of("KmsMasterKeyId", "alias/aws/sqs"))));
            assertEquals("InvalidAttributeValue", kms.awsErrorDetails().errorCode());
            assertTrue(kms.awsErrorDetails().errorMessage().contains("KmsMasterKeyId"), kms.awsErrorDetails().errorMessage());
            assertEquals(List.of(q), sqs.listQueues().queueUrls(), "nothing created");
            SqsException off = assertThrows(SqsException.class, () -> sqs.setQueueAttributes(b -> b.queueUrl(q)
                    .attributesWithStrings(Map.of("SqsManagedSseEnabled", "false"))));
            assertEquals("InvalidAttributeValue", off.awsErrorDetails().errorCode());
        } finally {
            BrokerRegistry.shutdown(url);
        }

        // what was read: the files' contents, without their line breaks
        JaqsConnectionFactory plain = new JaqsConnectionFactory(url);
        plain.setStoreUser("srv");
        plain.setStorePassword("server-store-password");
        plain.setStoreEncryptionKey("server-store-key");
        try {
            assertEquals(1, plain.getBroker().listQueues("orders").size());
        } finally {
            BrokerRegistry.shutdown(url);
        }
    }

    @Test
    void aPlainStoreReportsNoEncryptionOverTheSqsApi() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            String q = f.sqs.createQueue(b -> b.queueName("plain")).queueUrl();
            assertEquals("false", f.sqs.getQueueAttributes(b -> b.queueUrl(q).attributeNamesWithStrings("All"))
                    .attributesAsStrings().get("SqsManagedSseEnabled"));
            SqsException on = assertThrows(SqsException.class, () -> f.sqs.setQueueAttributes(b -> b.queueUrl(q)
                    .attributesWithStrings(Map.of("SqsManagedSseEnabled", "true"))));
            assertEquals("InvalidAttributeValue", on.awsErrorDetails().errorCode());
            assertEquals("false", f.sqs.getQueueAttributes(b -> b.queueUrl(q).attributeNamesWithStrings("SqsManagedSseEnabled"))
                    .attributesAsStrings().get("SqsManagedSseEnabled"), "unchanged");
        }
    }

    @Test
    void anUnsetVariableOrAnUnknownOptionFailsNamingIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("never").toAbsolutePath();
        ServerMain.Settings s = ServerMain.Settings.resolve(new String[] {"--url", url},
                Map.of("JAQS_STORE_PASSWORD", "env:JAQS_TEST_UNSET_STORE_PASSWORD"));
        JMSException e = assertThrows(JMSException.class, () -> ServerMain.storeFactory(s).getBroker());
        assertTrue(e.getMessage().contains("storePassword") && e.getMessage().contains("JAQS_TEST_UNSET_STORE_PASSWORD"),
                e.getMessage());
        assertFalse(BrokerRegistry.isOpen(url));
        assertFalse(Files.exists(dir.resolve("never.mv.db")));
    }

    @Test
    void thePropertiesFileTakesTheStoreSecretsToo() throws Exception {
        Path config = Files.writeString(dir.resolve("jaqs-server.properties"),
                "store-user=env:HOME\nstore-password=file:/run/secrets/db\nstore-encryption-key=plain:k\n");
        ServerMain.Settings s = ServerMain.Settings.resolve(new String[] {"--config", config.toString()}, Map.of());
        assertEquals("env:HOME", s.storeUser);
        assertEquals("file:/run/secrets/db", s.storePassword);
        assertEquals("plain:k", s.storeEncryptionKey);
    }
}
