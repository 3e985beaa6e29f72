package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.Durability;
import java.util.Locale;

/** What differs between databases: the SQL file, URL rules, and how a commit is made to reach the disk. */
enum Dialect {
    H2("/io/jaqs/broker/jdbc/h2.sql"),
    POSTGRESQL("/io/jaqs/broker/jdbc/postgresql.sql");

    private final String sqlResource;

    Dialect(String sqlResource) {
        this.sqlResource = sqlResource;
    }

    String sqlResource() {
        return sqlResource;
    }

    static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported store URL '" + url
                + "': Jaqs stores in H2 (jdbc:h2:file:<path> or jdbc:h2:mem:<name>) or PostgreSQL (jdbc:postgresql://...)");
    }

    /**
     * The URL the store really opens. For H2 it forces {@code WRITE_DELAY=0}: H2's default write
     * delay (500 ms) loses committed transactions on {@code kill -9} (DESIGN.md, measured), which
     * would break the promise that a returned PERSISTENT send survives. A URL that asks for another
     * write delay is refused rather than silently weakened.
     */
    String normalizeUrl(String url) {
        if (this != H2) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        int at = upper.indexOf(";WRITE_DELAY=");
        if (at >= 0) {
            String value = upper.substring(at + ";WRITE_DELAY=".length()).split(";")[0].trim();
            if (!value.equals("0")) {
                throw new IllegalArgumentException("Store URL '" + url + "' sets WRITE_DELAY=" + value
                        + ": H2 then loses committed messages on kill -9. Jaqs needs WRITE_DELAY=0 (it groups commits instead);"
                        + " remove the setting");
            }
        }
        StringBuilder b = new StringBuilder(url);
        if (at < 0) {
            b.append(";WRITE_DELAY=0");
        }
        if (isInMemory(url) && !upper.contains(";DB_CLOSE_DELAY=")) {
            b.append(";DB_CLOSE_DELAY=-1"); // the pool may close every connection; keep the data until close()
        }
        return b.toString();
    }

    static boolean isInMemory(String url) {
        return url.startsWith("jdbc:h2:mem:");
    }

    /** Sets the savepoint each work of a shared commit runs behind (the name is reused: only the latest is rolled back to). */
    String savepointSql() {
        return "SAVEPOINT jaqs_work";
    }

    String rollbackToSavepointSql() {
        return "ROLLBACK TO SAVEPOINT jaqs_work";
    }

    /** A statement that forces committed data to the disk, run after each group commit at {@link Durability#DISK}. */
    String syncStatement() {
        return this == H2 ? "CHECKPOINT SYNC" : null; // PostgreSQL: synchronous_commit=on already fsyncs the WAL
    }
}
