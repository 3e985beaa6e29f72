package io.jaqs.jmx;

import io.jaqs.broker.BrokerHealth;
import io.jaqs.broker.Broker;
import io.jaqs.broker.QueueName;
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
        return broker.listQueueNames(null).stream().map(QueueName::name).toArray(String[]::new);
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
        return Errors.plain(() -> broker.createQueue(QueueName.of(name), Map.of()));
    }

    @Override
    public void deleteQueue(String name) {
        Errors.plain(() -> {
            broker.deleteQueue(QueueName.fromUrl(name)); // as typed: a name, or a URL
            return null;
        });
    }
}
