package io.jaqs.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The observers of one broker; each call is guarded so an observer cannot break a broker operation. */
final class BrokerObservers {
    private static final System.Logger LOG = System.getLogger(BrokerObservers.class.getName());
    private final List<BrokerObserver> observers = new CopyOnWriteArrayList<>();

    void add(BrokerObserver o) {
        observers.add(java.util.Objects.requireNonNull(o, "observer"));
    }

    void remove(BrokerObserver o) {
        observers.remove(o);
    }

    void fire(Consumer<BrokerObserver> event) {
        for (BrokerObserver o : observers) {
            try {
                event.accept(o);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A broker observer failed; ignored", e);
            }
        }
    }
}
