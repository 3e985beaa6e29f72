package io.jaqs.server;

import io.jaqs.broker.QueueName;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Queue URLs as this server advertises them: {@code <advertised base>/<account>/<queue name>}. A
 * request's QueueUrl is read back with {@link QueueName#fromUrl} (only the name, the last path
 * segment, counts); the broker core is given the {@link QueueName}.
 */
final class QueueUrls {
    private final String base;
    private final String accountId;

    QueueUrls(String base, String accountId) {
        this.base = base;
        this.accountId = accountId;
    }

    String base() {
        return base;
    }

    String of(QueueName queue) {
        return of(queue.name());
    }

    /** The URL of a name as given (a request path's segment, read back by {@link QueueName#fromUrl}). */
    String of(String name) {
        return base + "/" + accountId + "/" + name;
    }

    /** A queue name as an opaque paging token, and back. */
    static String token(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    static String fromToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SqsError.invalidParameter("Invalid NextToken value: " + token);
        }
    }
}
