package io.jaqs.server;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link SqsServer} listens and whom it lets in. Immutable; the {@code with...} methods return
 * copies. Every default is a constant here and in the README's "SQS API" section.
 *
 * @param bind          address to listen on (default {@value #DEFAULT_BIND}: this machine only)
 * @param port          port to listen on (default {@value #DEFAULT_PORT}, ElasticMQ's and the SQS tools' usual
 *                      local port; 0 picks a free one)
 * @param advertisedUrl scheme, host and port that queue URLs name (SDKs send a queue's requests to the host of
 *                      its URL); null means {@code http(s)://<bind address>:<port>}
 * @param accessKeys    access key id → secret key accepted in AWS Signature Version 4 signatures
 * @param open          accept unsigned requests and any signature (local development only; logged)
 * @param region        region signatures must name and queue ARNs carry
 * @param accountId     account in queue URLs and ARNs
 * @param keystore      PKCS#12 or JKS keystore for HTTPS, or null for plain HTTP
 * @param keystorePassword the keystore's password
 * @param security      roles and permissions of the access keys (an access key id is the user); OPEN by default:
 *                      every valid signature may do everything
 */
public record ServerConfig(String bind, int port, String advertisedUrl, Map<String, String> accessKeys, boolean open,
                           String region, String accountId, Path keystore, String keystorePassword,
                           io.jaqs.broker.security.SecurityPolicy security) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 9324;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** Largest HTTP request body read; a message is at most 1 MiB, but its JSON (escapes, base64) is larger. */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    /** Worker threads that parse requests and write answers; long polls wait without one. */
    public static final int WORKER_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Connections the OS queues before the server accepts them (many clients long-polling at once). */
    public static final int ACCEPT_BACKLOG = 1024;
    /** Kept-alive connections left open between requests (the JDK server's default is 200; closed after 30 s idle). */
    public static final int MAX_IDLE_CONNECTIONS = 10_000;
    /** Accepted difference between a signature's time and the server's clock. */
    public static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(15);
    /** Longest validity (X-Amz-Expires) of a presigned request: SigV4's 7 days. */
    public static final java.time.Duration MAX_PRESIGNED_EXPIRY = java.time.Duration.ofDays(7);
    /** ListQueues answers at most this many URLs per page (SQS's limit). */
    public static final int MAX_LIST_RESULTS = 1000;

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        accessKeys = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(accessKeys, "accessKeys")));
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got '" + accountId + "'");
        }
        security = security == null ? io.jaqs.broker.security.SecurityPolicy.OPEN : security;
        if (advertisedUrl != null && advertisedUrl.endsWith("/")) {
            advertisedUrl = advertisedUrl.substring(0, advertisedUrl.length() - 1);
        }
    }

    /** Loopback, port {@value #DEFAULT_PORT}, no access keys and not open: configure one of the two. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, null, Map.of(), false, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, null, null,
                io.jaqs.broker.security.SecurityPolicy.OPEN);
    }

    public ServerConfig withBind(String value) {
        return new ServerConfig(value, port, advertisedUrl, accessKeys, open, region, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(bind, value, advertisedUrl, accessKeys, open, region, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withAdvertisedUrl(String value) {
        return new ServerConfig(bind, port, value, accessKeys, open, region, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withAccessKey(String id, String secret) {
        Map<String, String> keys = new LinkedHashMap<>(accessKeys);
        keys.put(id, secret);
        return new ServerConfig(bind, port, advertisedUrl, keys, open, region, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withOpen(boolean value) {
        return new ServerConfig(bind, port, advertisedUrl, accessKeys, value, region, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withRegion(String value) {
        return new ServerConfig(bind, port, advertisedUrl, accessKeys, open, value, accountId, keystore, keystorePassword, security);
    }

    public ServerConfig withAccountId(String value) {
        return new ServerConfig(bind, port, advertisedUrl, accessKeys, open, region, value, keystore, keystorePassword, security);
    }

    public ServerConfig withKeystore(Path path, String password) {
        return new ServerConfig(bind, port, advertisedUrl, accessKeys, open, region, accountId, path, password, security);
    }

    /**
     * Roles of access keys ({@code role:keyId,keyId2; ...}) and what each role may do
     * ({@code actions:pattern:roles; ...}), as the README's Security section says; a request whose
     * key may not do its action gets 403 AccessDenied naming key, action and queue.
     */
    public ServerConfig withPermissions(String roles, String permissions, String rolesFile) {
        return withSecurity(io.jaqs.broker.security.SecurityPolicy.authorizationOnly(roles, permissions, rolesFile));
    }

    public ServerConfig withSecurity(io.jaqs.broker.security.SecurityPolicy value) {
        return new ServerConfig(bind, port, advertisedUrl, accessKeys, open, region, accountId, keystore, keystorePassword, value);
    }

    public boolean tls() {
        return keystore != null;
    }
}
