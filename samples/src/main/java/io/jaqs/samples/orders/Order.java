package io.jaqs.samples.orders;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An order as it travels through the pipeline, carried in a {@link MapMessage}. {@code seq} counts
 * the customer's orders (1, 2, 3, …): the pipeline must finish them in that order.
 */
public record Order(String id, String customer, int seq, String channel, long amountCents, String currency,
                    int items, boolean bulk, long submittedMicros) {

    /** MapMessage keys and the properties Jaqs maps onto SQS FIFO fields. */
    static final String GROUP = "JMSXGroupID";
    static final String DEDUP = "JMS_SQS_DeduplicationId";
    /** When the order entered the queue it is read from (for per-step latency). */
    static final String ENTERED = "enteredMicros";

    MapMessage toMessage(Session session, long enteredMicros) throws JMSException {
        MapMessage m = session.createMapMessage();
        m.setString("id", id);
        m.setString("customer", customer);
        m.setInt("seq", seq);
        m.setString("channel", channel);
        m.setLong("amountCents", amountCents);
        m.setString("currency", currency);
        m.setInt("items", items);
        m.setBoolean("bulk", bulk);
        m.setLong("submittedMicros", submittedMicros);
        m.setStringProperty(GROUP, customer);   // FIFO message group: one customer's orders stay in order
        m.setStringProperty(DEDUP, id);         // FIFO deduplication: a double-submitted order is stored once
        m.setLongProperty(ENTERED, enteredMicros);
        return m;
    }

    static Order from(MapMessage m) throws JMSException {
        return new Order(m.getString("id"), m.getString("customer"), m.getInt("seq"), m.getString("channel"),
                m.getLong("amountCents"), m.getString("currency"), m.getInt("items"), m.getBoolean("bulk"),
                m.getLong("submittedMicros"));
    }

    Order submittedAt(long micros) {
        return new Order(id, customer, seq, channel, amountCents, currency, items, bulk, micros);
    }

    /**
     * A reproducible day of orders: customers order several times; each customer uses one channel
     * (web or mobile); every {@code bulkEvery}-th order is a bulk order (slow at the inventory step).
     * One order, the last of a customer whose orders end mid-stream, pays in a currency the payment
     * service does not support yet: the poison order.
     */
    static List<Order> generate(int count, int customers, int bulkEvery, long seed) {
        Random r = new Random(seed);
        Map<String, Integer> seqs = new HashMap<>();
        List<Order> orders = new ArrayList<>(count);
        String[] currencies = {"EUR", "USD", "GBP"};
        for (int i = 1; i <= count; i++) {
            String customer = String.format("C-%04d", 1 + r.nextInt(customers));
            int seq = seqs.merge(customer, 1, Integer::sum);
            String channel = (customer.hashCode() & 1) == 0 ? "web" : "mobile";
            boolean bulk = bulkEvery > 0 && i % bulkEvery == bulkEvery / 2;
            int items = bulk ? 200 + r.nextInt(300) : 1 + r.nextInt(5);
            orders.add(new Order(String.format("O-%06d", i), customer, seq, channel, 500 + r.nextInt(50_000) + items * 100L,
                    currencies[r.nextInt(currencies.length)], items, bulk, 0));
        }
        // the poison order: the last order of the customer whose orders end nearest the middle of the day,
        // so no later order of that customer waits behind it while it fails
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < orders.size(); i++) {
            lastIndex.put(orders.get(i).customer(), i);
        }
        int middle = orders.size() / 2;
        int poison = lastIndex.values().stream().filter(i -> !orders.get(i).bulk())
                .min((a, b) -> Integer.compare(Math.abs(a - middle), Math.abs(b - middle))).orElseThrow();
        Order p = orders.get(poison);
        orders.set(poison, new Order(p.id, p.customer, p.seq, p.channel, p.amountCents, PaymentService.UNSUPPORTED_CURRENCY,
                p.items, false, 0));
        return orders;
    }
}
