package io.jaqs.ra;

import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;

/**
 * What an application asked for: credentials (null: the factory's defaults) and the kind of handle.
 * Equality is by credentials only: a pooled managed connection serves both kinds (its handle is
 * both a Connection and a JMSContext).
 */
final class JaqsConnectionRequestInfo implements ConnectionRequestInfo {
    enum Kind { CONNECTION, CONTEXT }

    final Kind kind;
    final String user;
    final String password;

    JaqsConnectionRequestInfo(Kind kind, String user, String password) {
        this.kind = kind;
        this.user = user;
        this.password = password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsConnectionRequestInfo r && Objects.equals(user, r.user) && Objects.equals(password, r.password);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(user);
    }

    @Override
    public String toString() {
        return "JaqsConnectionRequestInfo[" + kind + ", user=" + user + "]";
    }
}
