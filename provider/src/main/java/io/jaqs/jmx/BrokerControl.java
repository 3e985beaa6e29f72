package io.jaqs.jmx;

import io.jaqs.broker.BrokerHealth;
import io.jaqs.broker.Broker;
import java.util.Map;

final class BrokerControl implements BrokerControlMBean {
    private final Broker broker;
    private final String store;

    BrokerControl(Broker broker, String store) {
        this.broker = broker;
        this.store = store;
    }

    @Override
    public String getStore() {
        return store;
    }

    @Override
    public String[] getQueueNames() {
        return broker.listQueues(null).stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toArray(String[]::new);
    }

    @Override
    public boolean isHealthy() {
        return broker.checkHealth().up();
    }

    @Override
    public String getHealthProblem() {
        BrokerHealth h = broker.checkHealth();
        return h.problem();
    }

    @Override
    public int getPendingWrites() {
        io.jaqs.broker.store.StoreStats stats = broker.storeStats();
        return stats == null ? 0 : stats.pendingWrites();
    }

    @Override
    public int getLongPollsWaiting() {
        return broker.longPollsWaiting();
    }

    @Override
    public String createQueue(String name) {
        return Errors.plain(() -> broker.createQueue(name, Map.of()));
    }

    @Override
    public void deleteQueue(String name) {
        Errors.plain(() -> {
            broker.deleteQueue(name);
            return null;
        });
    }
}
