package io.jaqs.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Processes an order: stores it in the orders database and sends a reply, both in the container's
 * transaction (REQUIRED, the default): the insert, the reply and the receive of the order commit
 * together, or none of them does and the order is delivered again. An order whose text starts
 * with "poison" makes it throw: the transaction rolls back, the order comes back with
 * JMSXDeliveryCount raised, and after the queue's maxReceiveCount receives it moves to the
 * dead-letter queue that the server's configuration gives the queue (the Jaqs queue admin object's
 * deadLetterQueue and maxReceiveCount).
 * <p>
 * Bound to the Jaqs resource adapter by each server's own descriptor or configuration: Liberty's
 * jmsActivationSpec, GlassFish's glassfish-ejb-jar.xml, WildFly's jboss-ejb3.xml.
 */
@MessageDriven(name = "OrderProcessor", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "orders"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "3")})
public class OrderProcessor implements MessageListener {
    /** Deliveries of poison orders (text → each JMSXDeliveryCount seen): outside any transaction, for the report. */
    static final Map<String, List<Integer>> POISON_DELIVERIES = new ConcurrentHashMap<>();

    @Resource(lookup = Orders.DATA_SOURCE)
    private DataSource db;
    @Resource(name = "jms/jaqsCF")
    private ConnectionFactory factory;
    @Resource(name = "jms/replies")
    private Queue replies;

    @Override
    public void onMessage(Message message) {
        try {
            String order = ((TextMessage) message).getText();
            if (order.startsWith("poison")) {
                POISON_DELIVERIES.computeIfAbsent(order, o -> new CopyOnWriteArrayList<>())
                        .add(message.getIntProperty("JMSXDeliveryCount"));
                throw new IllegalStateException("cannot process order " + order);
            }
            try (Connection c = db.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO orders(order_text) VALUES (?)")) {
                insert.setString(1, order);
                insert.executeUpdate();
            }
            try (JMSContext jms = factory.createContext()) {
                jms.createProducer().send(replies, "processed " + order);
            }
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException(e); // rolls the transaction back: the order is delivered again
        }
    }
}
