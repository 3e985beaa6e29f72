package io.jaqs.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Queue URLs as this server advertises them: {@code <advertised base>/<account>/<queue name>}. The
 * broker core names its queues with URLs of its own; only the name (the last path segment) counts.
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

    String of(String coreUrlOrName) {
        return base + "/" + accountId + "/" + nameOf(coreUrlOrName);
    }

    static String nameOf(String urlOrName) {
        return urlOrName.substring(urlOrName.lastIndexOf('/') + 1);
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
