package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * SigV4 cases the SDK clients never produce on their own, made with the SDK's own signer
 * ({@link AwsV4HttpSigner}) and sent raw: presigned requests (query-string signatures with
 * {@code X-Amz-Expires}) are valid until their expiry, even when signed long before, and answered
 * {@code RequestExpired} (400, SQS's Common Errors) after it; a tampered or invalid expiry is refused;
 * a body that is not the one {@code x-amz-content-sha256} names is {@code SignatureDoesNotMatch};
 * {@code UNSIGNED-PAYLOAD} is accepted as declared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsSigV4Test {
    @TempDir
    static Path dir;
    ServerFixture f;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AwsBasicCredentials credentials = AwsBasicCredentials.create(ServerFixture.KEY_ID, ServerFixture.SECRET);

    @BeforeAll
    void start() {
        f = new ServerFixture(dir);
        f.sqs.createQueue(b -> b.queueName("signed"));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private SdkHttpRequest listQueuesGet() {
        URI base = URI.create(f.server.url());
        return SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http").host(base.getHost()).port(base.getPort())
                .encodedPath("/").putRawQueryParameter("Action", "ListQueues").putRawQueryParameter("Version", "2012-11-05").build();
    }

    /** A presigned request, signed at the clock's time, valid for {@code expiry}. */
    private SdkHttpRequest presign(SdkHttpRequest request, Clock signedAt, Duration expiry) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sqs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry)
                .putProperty(HttpSigner.SIGNING_CLOCK, signedAt));
        return signed.request();
    }

    private HttpResponse<String> send(SdkHttpRequest request, byte[] body) throws Exception {
        return send(request.getUri(), request.headers(), request.method().name(), body);
    }

    private HttpResponse<String> send(URI uri, Map<String, List<String>> headers, String method, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) { // the JDK client sets them itself
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String queryErrorCode(HttpResponse<String> r) {
        String body = r.body();
        int at = body.indexOf("<Code>");
        return at < 0 ? body : body.substring(at + "<Code>".length(), body.indexOf("</Code>", at));
    }

    @Test
    void aPresignedRequestIsValidUntilItsExpiryEvenWhenSignedLongBefore() throws Exception {
        Clock now = Clock.systemUTC();
        HttpResponse<String> fresh = send(presign(listQueuesGet(), now, Duration.ofMinutes(5)), null);
        assertEquals(200, fresh.statusCode(), fresh.body());
        assertTrue(fresh.body().contains("/000000000000/signed"), fresh.body());
        // signed an hour ago for two hours: more than the 15 minutes of skew a header signature is allowed, and valid
        HttpResponse<String> old = send(presign(listQueuesGet(), Clock.offset(now, Duration.ofHours(-1)), Duration.ofHours(2)), null);
        assertEquals(200, old.statusCode(), old.body());
    }

    @Test
    void anExpiredPresignedRequestIsRequestExpired() throws Exception {
        // signed two hours ago for one minute: expired more than 15 minutes ago
        HttpResponse<String> expired = send(presign(listQueuesGet(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)),
                Duration.ofMinutes(1)), null);
        assertEquals(400, expired.statusCode(), expired.body());
        assertEquals("RequestExpired", queryErrorCode(expired));
        assertTrue(expired.body().contains("Request has expired"), expired.body());
        // expired 10 minutes ago: within the allowed clock skew, still accepted (the reference's "more than 15 minutes")
        HttpResponse<String> withinSkew = send(presign(listQueuesGet(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-11)),
                Duration.ofMinutes(1)), null);
        assertEquals(200, withinSkew.statusCode(), withinSkew.body());
        // signed 20 minutes in the future
        HttpResponse<String> future = send(presign(listQueuesGet(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)),
                Duration.ofMinutes(5)), null);
        assertEquals(403, future.statusCode(), future.body());
        assertEquals("RequestTimeTooSkewed", queryErrorCode(future));
    }

    @Test
    void aTamperedOrInvalidExpiryIsRefused() throws Exception {
        SdkHttpRequest signed = presign(listQueuesGet(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)), Duration.ofMinutes(1));
        String uri = signed.getUri().toString();
        assertTrue(uri.contains("X-Amz-Expires=60"), uri);
        HttpResponse<String> longer = send(URI.create(uri.replace("X-Amz-Expires=60", "X-Amz-Expires=86400")), signed.headers(), "GET", null);
        assertEquals(403, longer.statusCode(), longer.body());
        assertEquals("SignatureDoesNotMatch", queryErrorCode(longer), "the expiry is part of what was signed");
        HttpResponse<String> garbage = send(URI.create(uri.replace("X-Amz-Expires=60", "X-Amz-Expires=soon")), signed.headers(), "GET", null);
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertEquals("IncompleteSignature", queryErrorCode(garbage));
        assertTrue(garbage.body().contains("X-Amz-Expires"), garbage.body());
        HttpResponse<String> tooLong = send(URI.create(uri.replace("X-Amz-Expires=60", "X-Amz-Expires=604801")), signed.headers(), "GET", null);
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertEquals("IncompleteSignature", queryErrorCode(tooLong));
    }

    /** A JSON-protocol SendMessage signed in the Authorization header, optionally declaring its payload hash. */
    private SdkHttpRequest signedSend(byte[] body, String contentSha256, boolean payloadSigning) {
        URI base = URI.create(f.server.url());
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http").host(base.getHost())
                .port(base.getPort()).encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.0").putHeader("X-Amz-Target", "AmazonSQS.SendMessage");
        if (contentSha256 != null) {
            b.putHeader("x-amz-content-sha256", contentSha256);
        }
        SdkHttpRequest request = b.build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sqs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)).request();
    }

    private byte[] sendBody(String text) {
        return ("{\"QueueUrl\":\"" + f.server.url() + "/000000000000/signed\",\"MessageBody\":\"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aBodyOtherThanTheOneTheContentHashNamesIsSignatureDoesNotMatch() throws Exception {
        long before = f.broker.approximateCounts("signed").visible();
        byte[] signedBody = sendBody("pay 10");
        byte[] otherBody = sendBody("pay 99");
        SdkHttpRequest signed = signedSend(signedBody, sha256(signedBody), true);
        HttpResponse<String> tampered = send(signed, otherBody);
        assertEquals(403, tampered.statusCode(), tampered.body());
        SqsErrorsTest.assertError(tampered, 403, "com.amazon.coral.service#SignatureDoesNotMatch", "SignatureDoesNotMatch;Sender");
        assertTrue(tampered.body().contains("x-amz-content-sha256"), tampered.body());
        // without the header the body's hash is what was signed: a changed body fails the same way
        HttpResponse<String> noHeader = send(signedSend(signedBody, null, true), otherBody);
        SqsErrorsTest.assertError(noHeader, 403, "com.amazon.coral.service#SignatureDoesNotMatch", "SignatureDoesNotMatch;Sender");
        assertEquals(before, f.broker.approximateCounts("signed").visible(), "nothing was sent");

        HttpResponse<String> ok = send(signed, signedBody);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(before + 1, f.broker.approximateCounts("signed").visible());
    }

    @Test
    void anUnsignedPayloadDeclaredAsSuchIsAccepted() throws Exception {
        // the SDK's signer signs the payload on plain HTTP whatever it is told, so this request is signed by hand
        long before = f.broker.approximateCounts("signed").visible();
        byte[] body = sendBody("unsigned body");
        HttpResponse<String> ok = send(URI.create(f.server.url() + "/"), signByHand(body, "UNSIGNED-PAYLOAD"), "POST", body);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(before + 1, f.broker.approximateCounts("signed").visible());
        // the same by-hand signer with the body's hash: the signer is right, so the refusal above is the server's rule
        byte[] other = sendBody("pay 99");
        HttpResponse<String> wrongHash = send(URI.create(f.server.url() + "/"), signByHand(body, sha256(body)), "POST", other);
        assertEquals(403, wrongHash.statusCode(), wrongHash.body());
        assertEquals(before + 1, f.broker.approximateCounts("signed").visible());
    }

    /** SigV4 in the Authorization header over the given payload hash (the algorithm as AWS documents it). */
    private Map<String, List<String>> signByHand(byte[] body, String payloadHash) throws Exception {
        java.time.ZonedDateTime t = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        String amzDate = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(t);
        String day = amzDate.substring(0, 8);
        String host = URI.create(f.server.url()).getAuthority();
        java.util.TreeMap<String, String> headers = new java.util.TreeMap<>(Map.of("content-type", "application/x-amz-json-1.0",
                "host", host, "x-amz-content-sha256", payloadHash, "x-amz-date", amzDate, "x-amz-target", "AmazonSQS.SendMessage"));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonical = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = day + "/us-east-1/sqs/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + ServerFixture.SECRET).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, "us-east-1");
        key = hmac(key, "sqs");
        key = hmac(key, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(key, toSign));
        Map<String, List<String>> out = new java.util.HashMap<>();
        headers.forEach((k, v) -> out.put(k, List.of(v)));
        out.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + ServerFixture.KEY_ID + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return out;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
