package io.jaqs.boot;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.MessageFilter;
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

    /**
     * Opens a broker on the store at {@code url}.
     *
     * @param subscriptionFilters compiles a topic subscription's selector into the filter the core
     *        applies at publish (the JMS facade gives JMS selectors); null: selectors are refused
     * @throws BrokerException when the store cannot be opened (the cause says why)
     */
    public static Broker open(String url, String user, String password, Durability durability, Clock clock,
            Function<String, MessageFilter> subscriptionFilters) {
        JaqsBroker broker;
        try {
            broker = new JaqsBroker(JdbcQueueStore.open(url, user, password, durability, READ_POOL_SIZE),
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
