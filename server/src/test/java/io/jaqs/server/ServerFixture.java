package io.jaqs.server;

import io.jaqs.broker.Broker;
import io.jaqs.broker.ManualClock;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A broker core on a real H2 file, an SQS server on a free loopback port requiring SigV4 with one
 * access key, and an AWS SDK v2 client signed with that key. The broker's clock is a ManualClock
 * set to now (signatures carry the real time and must be within 15 minutes of it).
 */
final class ServerFixture implements AutoCloseable {
    static final String KEY_ID = "test-key";
    static final String SECRET = "test-secret";

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final String storeUrl;
    final Broker broker;
    final SqsServer server;
    final SqsClient sqs;
    private final HttpClient http = HttpClient.newHttpClient();

    ServerFixture(Path dir) {
        this(dir, ServerConfig.defaults().withPort(0).withAccessKey(KEY_ID, SECRET));
    }

    ServerFixture(Path dir, ServerConfig config) {
        storeUrl = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        JaqsConnectionFactory factory = new JaqsConnectionFactory(storeUrl); // the front end opens the store
        factory.setClock(clock);
        try {
            broker = factory.getBroker();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
        server = SqsServer.start(broker, config);
        sqs = client(KEY_ID, SECRET);
    }

    SqsClient client(String keyId, String secret) {
        return client(server.url(), keyId, secret);
    }

    static SqsClient client(String endpoint, String keyId, String secret) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A raw (unsigned) AWS JSON 1.0 request; the server must be open for it to pass authentication. */
    HttpResponse<String> raw(String target, String body) throws Exception {
        return raw(target, "application/x-amz-json-1.0", body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> raw(String target, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        sqs.close();
        server.close();
        BrokerRegistry.shutdown(storeUrl);
    }
}
