package io.jaqs.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;

/** Places orders, each call in one container transaction: its sends commit with it, or never happen. */
@Stateless
public class OrderSender {
    @Resource(name = "jms/jaqsCF")
    private ConnectionFactory factory;
    @Resource(name = "jms/orders")
    private Queue orders;
    @Resource
    private SessionContext context;

    /** Sends {@code prefix-1} to {@code prefix-n} in this transaction. */
    public void send(String prefix, int n) {
        try (JMSContext jms = factory.createContext()) {
            JMSProducer p = jms.createProducer();
            for (int i = 1; i <= n; i++) {
                p.send(orders, prefix + "-" + i);
            }
        }
    }

    /** Sends an order, then rolls the transaction back: the order is never delivered. */
    public void sendAndRollBack(String order) {
        try (JMSContext jms = factory.createContext()) {
            jms.createProducer().send(orders, order);
        }
        context.setRollbackOnly();
    }
}
