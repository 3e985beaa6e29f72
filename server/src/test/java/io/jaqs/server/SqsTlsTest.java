package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a configured keystore (made here by the JDK's keytool), queue URLs on https. */
class SqsTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredKeystore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "jaqs", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, keytool.exitValue());

        try (ServerFixture f = new ServerFixture(dir, ServerConfig.defaults().withPort(0).withOpen(true)
                .withKeystore(keystore, "changeit"))) {
            assertEquals("https://127.0.0.1:" + f.server.port(), f.server.url());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(f.server.url() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.CreateQueue")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\":\"secure\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{\"QueueUrl\":\"" + f.server.url() + "/000000000000/secure\"}", r.body());
        }
    }
}
