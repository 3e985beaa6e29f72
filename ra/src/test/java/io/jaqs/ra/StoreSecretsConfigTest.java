package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.jms.JMSException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The resource adapter's store secrets: ra.xml declares storeEncryptionKey (confidential) on the
 * adapter and its connection factory, and a managed connection factory hands the secrets' forms,
 * its own or inherited from the adapter, to the provider factory unread; the broker reads them when
 * it opens the store.
 */
class StoreSecretsConfigTest {
    @TempDir
    Path dir;

    @Test
    void raXmlDeclaresTheEncryptionKeyConfidentialOnTheAdapterAndTheConnectionFactory() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/main/rar/META-INF/ra.xml").toFile());
        NodeList props = doc.getElementsByTagName("config-property");
        int keys = 0;
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            String name = p.getElementsByTagName("config-property-name").item(0).getTextContent().trim();
            if (name.equals("storeEncryptionKey") || name.equals("storePassword")) {
                NodeList confidential = p.getElementsByTagName("config-property-confidential");
                assertTrue(confidential.getLength() == 1 && confidential.item(0).getTextContent().trim().equals("true"),
                        name + " is confidential");
                keys += name.equals("storeEncryptionKey") ? 1 : 0;
            }
        }
        assertEquals(2, keys, "storeEncryptionKey on the resource adapter and on the managed connection factory");
    }

    @Test
    void aManagedConnectionFactoryPassesItsOwnOrTheAdaptersSecretsToTheBroker() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ra").toAbsolutePath();
        Path pw = Files.writeString(dir.resolve("pw"), "ra-store-password\n");
        Path key = Files.writeString(dir.resolve("key"), "ra-store-key\n");
        JaqsResourceAdapter adapter = new JaqsResourceAdapter();
        adapter.setUrl(url);
        adapter.setStoreUser("ra_user");
        adapter.setStorePassword("file:" + pw);
        JaqsManagedConnectionFactory mcf = new JaqsManagedConnectionFactory();
        mcf.setStoreEncryptionKey("file:" + key);
        JaqsXAConnectionFactory f = mcf.toFactory(adapter);
        assertEquals("file:" + pw, f.getStorePassword(), "inherited from the adapter, unread");
        assertEquals("file:" + key, f.getStoreEncryptionKey());
        assertFalse(mcf.sameSettings(new JaqsManagedConnectionFactory()), "the key is part of the settings");
        try {
            f.getBroker().createQueue("q", Map.of());
            assertEquals("true", f.getBroker().getQueueAttributes("q", List.of("All")).get("SqsManagedSseEnabled"));
        } finally {
            BrokerRegistry.shutdown(url);
        }

        JaqsManagedConnectionFactory plainValues = new JaqsManagedConnectionFactory();
        plainValues.setUrl(url);
        plainValues.setStoreUser("ra_user");
        plainValues.setStorePassword("ra-store-password");
        plainValues.setStoreEncryptionKey("ra-store-key");
        try {
            assertEquals(1, plainValues.toFactory(null).getBroker().listQueues("q").size(), "the files' contents were read");
        } finally {
            BrokerRegistry.shutdown(url);
        }

        JaqsManagedConnectionFactory noKey = new JaqsManagedConnectionFactory();
        noKey.setUrl(url);
        noKey.setStoreUser("ra_user");
        noKey.setStorePassword("ra-store-password");
        assertThrows(JMSException.class, () -> noKey.toFactory(null).getBroker(), "the encrypted store needs its key");
        assertFalse(BrokerRegistry.isOpen(url));
    }
}
