package io.jaqs.boot;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.Secret;
import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.store.StoreException;

/**
 * The composition root: opens the JDBC store of a URL and the broker core on it. It is the one
 * class that names both the core's implementation and the store's, so that the front ends (JMS,
 * the resource adapter, CDI, the SQS server) see only the {@link Broker} interface and the core
 * never opens a store itself.
 */
public final class Brokers {
    private Brokers() {
    }

    /**
     * Opens a broker on the store {@code settings} name. This is the one place where the store's
     * secrets are read: the user, password and encryption key are each given as {@code env:NAME},
     * {@code file:/path}, {@code plain:text} or a bare value ({@link Secret}), so every front end
     * (JMS factories, JNDI, the resource adapter, CDI, the SQS server) accepts the same forms.
     *
     * @throws IllegalArgumentException when a secret's source cannot be read or a setting is refused
     * @throws BrokerException when the store cannot be opened (the cause says why)
     */
    public static Broker open(BrokerSettings settings) {
        String storeUser = Secret.resolve("storeUser", settings.user());
        String storePassword = Secret.resolve("storePassword", settings.password());
        String key = Secret.resolve("storeEncryptionKey", settings.encryptionKey());
        JaqsBroker broker;
        try {
            broker = new JaqsBroker(JdbcQueueStore.open(settings.url(), storeUser, storePassword, key, settings.durability(),
                    settings.readPoolSize()), BrokerConfig.withClock(settings.clock()));
        } catch (StoreException e) {
            throw BrokerException.fromStore(e);
        }
        if (settings.subscriptionFilters() != null) {
            broker.setSubscriptionFilterCompiler(settings.subscriptionFilters());
        }
        return broker;
    }
}
