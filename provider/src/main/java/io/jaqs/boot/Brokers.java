package io.jaqs.boot;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.Secret;
import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreException;
import java.time.Clock;
import java.util.function.Function;

/**
 * The composition root: opens the JDBC store of a URL and the broker core on it. It is the one
 * class that names both the core's implementation and the store's, so that the front ends (JMS,
 * the resource adapter, CDI, the SQS server) see only the {@link Broker} interface and the core
 * never opens a store itself.
 */
public final class Brokers {
    /** Connections of the store's read pool a broker opens with (the writer has its own). */
    static final int READ_POOL_SIZE = 4;

    private Brokers() {
    }

    /** {@link #open(String, String, String, String, Durability, Clock, Function)} of a store not encrypted at rest. */
    public static Broker open(String url, String user, String password, Durability durability, Clock clock,
            Function<String, MessageFilter> subscriptionFilters) {
        return open(url, user, password, null, durability, clock, subscriptionFilters);
    }

    /**
     * Opens a broker on the store at {@code url}. This is the one place where the store's secrets
     * are read: {@code user}, {@code password} and {@code encryptionKey} are each given as
     * {@code env:NAME}, {@code file:/path}, {@code plain:text} or a bare value ({@link Secret}), so
     * every front end (JMS factories, JNDI, the resource adapter, CDI, the SQS server) accepts the
     * same forms.
     *
     * @param encryptionKey null, or the key of an H2 file store encrypted at rest (H2's
     *        {@code CIPHER=AES}); refused for in-memory H2 and PostgreSQL
     * @throws IllegalArgumentException when a secret's source cannot be read or a setting is refused
     *
     * @param subscriptionFilters compiles a topic subscription's selector into the filter the core
     *        applies at publish (the JMS facade gives JMS selectors); null: selectors are refused
     * @throws BrokerException when the store cannot be opened (the cause says why)
     */
    public static Broker open(String url, String user, String password, String encryptionKey, Durability durability,
            Clock clock, Function<String, MessageFilter> subscriptionFilters) {
        String storeUser = Secret.resolve("storeUser", user);
        String storePassword = Secret.resolve("storePassword", password);
        String key = Secret.resolve("storeEncryptionKey", encryptionKey);
        JaqsBroker broker;
        try {
            broker = new JaqsBroker(JdbcQueueStore.open(url, storeUser, storePassword, key, durability, READ_POOL_SIZE),
                    BrokerConfig.withClock(clock == null ? Clock.systemUTC() : clock));
        } catch (StoreException e) {
            throw BrokerException.fromStore(e);
        }
        if (subscriptionFilters != null) {
            broker.setSubscriptionFilterCompiler(subscriptionFilters);
        }
        return broker;
    }
}
