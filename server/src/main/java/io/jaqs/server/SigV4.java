package io.jaqs.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 (AWS4-HMAC-SHA256) against the configured access keys, signed
 * in the {@code Authorization} header or in the query string ({@code X-Amz-Signature}). The errors
 * are SQS's: MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch,
 * RequestTimeTooSkewed (more than 15 minutes from the server's clock), IncompleteSignature (400),
 * and for presigned requests ({@code X-Amz-Expires}, up to 7 days) RequestExpired (400) once the
 * expiry is more than the allowed skew past. The payload hash signed is the body's SHA-256; a
 * request may declare it in {@code x-amz-content-sha256}, which must then be the body's (else
 * SignatureDoesNotMatch: the body was changed) or {@code UNSIGNED-PAYLOAD}; a presigned request may
 * also have signed {@code UNSIGNED-PAYLOAD}, as S3-style presigners do.
 */
final class SigV4 {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "sqs";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final Map<String, String> keys;
    private final Clock clock;
    private final Duration maxSkew;

    SigV4(Map<String, String> keys, Clock clock, Duration maxSkew) {
        this.keys = keys;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /**
     * @param rawPath  the path as sent (still percent-encoded)
     * @param rawQuery the query as sent, or null
     * @param headers  lower-case names
     * @return the access key id that signed the request
     */
    String verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> query = parseQuery(rawQuery);
        String authorization = first(headers, "authorization");
        String credential;
        String signedHeaders;
        String signature;
        String amzDate;
        boolean inQuery = authorization == null && query.containsKey("X-Amz-Signature");
        if (authorization != null) {
            if (!authorization.startsWith(ALGORITHM + " ")) {
                throw SqsError.badAuth("IncompleteSignature", "Only " + ALGORITHM + " (Signature Version 4) signatures are accepted");
            }
            Map<String, String> parts = new TreeMap<>();
            for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            credential = parts.get("Credential");
            signedHeaders = parts.get("SignedHeaders");
            signature = parts.get("Signature");
            amzDate = first(headers, "x-amz-date");
        } else if (inQuery) {
            credential = firstOf(query, "X-Amz-Credential");
            signedHeaders = firstOf(query, "X-Amz-SignedHeaders");
            signature = firstOf(query, "X-Amz-Signature");
            amzDate = firstOf(query, "X-Amz-Date");
        } else {
            throw SqsError.auth("MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        if (credential == null || signedHeaders == null || signature == null || amzDate == null) {
            throw SqsError.badAuth("IncompleteSignature", "The request signature is incomplete: it needs Credential, SignedHeaders,"
                    + " Signature and X-Amz-Date");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw SqsError.badAuth("IncompleteSignature", "Credential must be <key id>/<date>/<region>/<service>/aws4_request");
        }
        String secret = keys.get(scope[0]);
        if (secret == null) {
            throw SqsError.auth("InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw SqsError.badAuth("IncompleteSignature", "X-Amz-Date must be yyyyMMdd'T'HHmmss'Z', got " + amzDate);
        }
        Instant now = clock.instant();
        String expires = inQuery ? firstOf(query, "X-Amz-Expires") : null;
        if (expires != null) {
            // a presigned request: valid from its signing time (less the skew) until X-Amz-Expires seconds after it;
            // SQS's Common Errors: RequestExpired when it arrives "more than 15 minutes after the request expiration date"
            long seconds;
            try {
                seconds = Long.parseLong(expires);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > ServerConfig.MAX_PRESIGNED_EXPIRY.toSeconds()) {
                throw SqsError.badAuth("IncompleteSignature", "X-Amz-Expires must be a number of seconds from 1 to "
                        + ServerConfig.MAX_PRESIGNED_EXPIRY.toSeconds() + ", got " + expires);
            }
            Instant expiresAt = signedAt.plusSeconds(seconds);
            if (now.isAfter(expiresAt.plus(maxSkew))) {
                throw SqsError.badAuth("RequestExpired", "Request has expired: the presigned request was signed at " + amzDate
                        + " for " + seconds + " seconds, and the server time " + AMZ_DATE.format(now) + " is more than "
                        + maxSkew.toMinutes() + " minutes after its expiry " + AMZ_DATE.format(expiresAt));
            }
            if (signedAt.isAfter(now.plus(maxSkew))) {
                throw SqsError.auth("RequestTimeTooSkewed", "Signature not yet current: the request time " + amzDate
                        + " is more than " + maxSkew.toMinutes() + " minutes after the server time " + AMZ_DATE.format(now));
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(maxSkew) > 0) {
            throw SqsError.auth("RequestTimeTooSkewed", "Signature not yet current or expired: the request time " + amzDate
                    + " is more than " + maxSkew.toMinutes() + " minutes from the server time " + AMZ_DATE.format(now));
        }
        String bodyHash = HEX.formatHex(sha256(body));
        String claimed = first(headers, "x-amz-content-sha256");
        List<String> payloadHashes;
        if (claimed == null) {
            // SigV4 signs the body's hash; presigners of the S3 kind (botocore's query signer) sign UNSIGNED-PAYLOAD
            payloadHashes = inQuery ? List.of(bodyHash, UNSIGNED_PAYLOAD) : List.of(bodyHash);
        } else if (claimed.equals(UNSIGNED_PAYLOAD)) {
            payloadHashes = List.of(UNSIGNED_PAYLOAD); // the client chose not to sign the body (TLS protects it)
        } else if (claimed.equalsIgnoreCase(bodyHash)) {
            payloadHashes = List.of(claimed);
        } else {
            // the signature may cover this header, but the body is not the one it names: tampered or truncated
            throw SqsError.auth("SignatureDoesNotMatch", "The x-amz-content-sha256 header is not the SHA-256 of the request"
                    + " body (nor UNSIGNED-PAYLOAD): the body is not the one that was signed");
        }
        String scopeString = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String beforePayload = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(query, inQuery) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n" + signedHeaders + "\n";
        for (String payloadHash : payloadHashes) {
            String canonical = beforePayload + payloadHash;
            String toSign = ALGORITHM + "\n" + amzDate + "\n" + scopeString + "\n"
                    + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
            String expected = HEX.formatHex(hmac(key, toSign));
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
                return scope[0];
            }
        }
        throw SqsError.auth("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you"
                + " provided. Check your AWS Secret Access Key and signing method.");
    }

    /** Each segment of the path as sent, encoded once more (SigV4's double encoding for all services but S3). */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(encode(segments[i]));
        }
        return sb.toString();
    }

    private static String canonicalQuery(Map<String, List<String>> query, boolean inQuery) {
        List<String> pairs = new ArrayList<>();
        query.forEach((k, values) -> {
            if (inQuery && k.equals("X-Amz-Signature")) {
                return;
            }
            for (String v : values) {
                pairs.add(encode(k) + "=" + encode(v));
            }
        });
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String canonicalHeaders(Map<String, List<String>> headers, String signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.get(name);
            List<String> trimmed = new ArrayList<>();
            if (values != null) {
                values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            }
            sb.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return sb.toString();
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SqsError.invalidParameter("Malformed percent-encoding in the query string: " + s);
        }
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 wants. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String firstOf(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
