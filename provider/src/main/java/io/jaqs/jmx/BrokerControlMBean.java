package io.jaqs.jmx;

/** A Jaqs broker in JConsole/VisualVM ({@code io.jaqs:type=Broker,...}). */
public interface BrokerControlMBean {
    /** The store's URL without parameters. */
    String getStore();

    String[] getQueueNames();

    /** {@code checkHealth()}: a real read and a write through the store's writer. */
    boolean isHealthy();

    /** What {@code checkHealth()} found wrong, or null. */
    String getHealthProblem();

    int getPendingWrites();

    int getLongPollsWaiting();

    /** @return the queue URL */
    String createQueue(String name);

    void deleteQueue(String name);
}
