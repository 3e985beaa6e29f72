package io.jaqs.boot;

import io.jaqs.broker.Limits;
import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.store.Durability;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything {@link Brokers#open} needs to open a broker on a store, in one value: the store's URL
 * and secrets, how durable a send is, the broker's clock and how topic subscription selectors are
 * compiled. Start from {@link #of(String)} (the defaults of {@link Limits}) and change what differs
 * with the {@code with...} methods; each returns a new value.
 *
 * @param url                 the store's JDBC URL (H2 or PostgreSQL)
 * @param user                the store's user as configured: {@code env:NAME}, {@code file:/path},
 *                            {@code plain:text} or a bare value (read by {@link Brokers#open}); null for none
 * @param password            the store's password, in the same forms; null for none
 * @param encryptionKey       null, or the key of an H2 file store encrypted at rest (H2's {@code CIPHER=AES}),
 *                            in the same forms; refused for in-memory H2 and PostgreSQL
 * @param durability          how durable a returned send is ({@link Limits#DEFAULT_DURABILITY})
 * @param clock               the broker's clock (the system's UTC clock; tests pass a {@code ManualClock})
 * @param readPoolSize        connections of the store's read pool ({@link Limits#STORE_READ_POOL_SIZE})
 * @param subscriptionFilters compiles a topic subscription's selector into the filter the core applies at
 *                            publish (the JMS facade gives JMS selectors); null: selectors are refused
 */
public record BrokerSettings(String url, String user, String password, String encryptionKey, Durability durability,
                             Clock clock, int readPoolSize, Function<String, MessageFilter> subscriptionFilters) {

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clock, "clock");
        if (readPoolSize < 1) {
            throw new IllegalArgumentException("readPoolSize must be at least 1, got " + readPoolSize);
        }
    }

    /** The settings of a store at {@code url} with every default: no secrets, {@link Limits#DEFAULT_DURABILITY}, the system clock. */
    public static BrokerSettings of(String url) {
        return new BrokerSettings(url, null, null, null, Limits.DEFAULT_DURABILITY, Clock.systemUTC(),
                Limits.STORE_READ_POOL_SIZE, null);
    }

    /** The store's user and password, as configured (see {@link #user()}). */
    public BrokerSettings withCredentials(String user, String password) {
        return new BrokerSettings(url, user, password, encryptionKey, durability, clock, readPoolSize, subscriptionFilters);
    }

    public BrokerSettings withEncryptionKey(String encryptionKey) {
        return new BrokerSettings(url, user, password, encryptionKey, durability, clock, readPoolSize, subscriptionFilters);
    }

    /** {@code null} keeps {@link Limits#DEFAULT_DURABILITY}. */
    public BrokerSettings withDurability(Durability durability) {
        return new BrokerSettings(url, user, password, encryptionKey, durability == null ? Limits.DEFAULT_DURABILITY : durability,
                clock, readPoolSize, subscriptionFilters);
    }

    /** {@code null} keeps the system's UTC clock. */
    public BrokerSettings withClock(Clock clock) {
        return new BrokerSettings(url, user, password, encryptionKey, durability, clock == null ? Clock.systemUTC() : clock,
                readPoolSize, subscriptionFilters);
    }

    public BrokerSettings withReadPoolSize(int readPoolSize) {
        return new BrokerSettings(url, user, password, encryptionKey, durability, clock, readPoolSize, subscriptionFilters);
    }

    public BrokerSettings withSubscriptionFilters(Function<String, MessageFilter> subscriptionFilters) {
        return new BrokerSettings(url, user, password, encryptionKey, durability, clock, readPoolSize, subscriptionFilters);
    }

    /** The secrets stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "BrokerSettings[url=" + url + ", durability=" + durability + ", clock=" + clock + ", readPoolSize=" + readPoolSize
                + ", secrets " + (user != null || password != null || encryptionKey != null ? "given" : "none") + "]";
    }
}
