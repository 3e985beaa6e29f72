package io.jaqs.samples.rpc;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.samples.common.Samples;
import io.jaqs.samples.common.Stores;
import io.jaqs.samples.common.Time;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request/reply. A price-quote service listens on {@code quotes}; each client has its own
 * connection and a temporary queue for replies. A request carries {@code JMSReplyTo} = that
 * temporary queue; the service answers there with {@code JMSCorrelationID} = the request's
 * {@code JMSMessageID}, so a client with many requests in flight knows which reply answers which.
 * A temporary queue lives as long as its connection: when the clients close, their queues are gone.
 */
public final class RequestReply {
    public static final String QUEUE = "quotes";
    static final Map<String, Long> PRICE_CENTS = Map.of("apple", 45L, "pear", 60L, "plum", 25L, "fig", 90L, "kiwi", 35L);

    public static final class Config {
        int servers = 2;
        int clients = 3;
        int requestsPerClient = 200;
        int window = 8;
        String url;
        Path dataDir = Path.of("data", "demo");
        Time time = Time.real();
        Duration timeout = Duration.ofSeconds(60);
        PrintStream out = System.out;

        public Config servers(int n) {
            servers = n;
            return this;
        }

        public Config clients(int n) {
            clients = n;
            return this;
        }

        public Config requestsPerClient(int n) {
            requestsPerClient = n;
            return this;
        }

        /** Requests a client keeps in flight at once. */
        public Config window(int n) {
            window = n;
            return this;
        }

        public Config url(String jdbcUrl) {
            url = jdbcUrl;
            return this;
        }

        public Config dataDir(Path dir) {
            dataDir = dir;
            return this;
        }

        public Config time(Time t) {
            time = t;
            return this;
        }

        public Config timeout(Duration d) {
            timeout = d;
            return this;
        }

        public Config out(PrintStream o) {
            out = o;
            return this;
        }
    }

    public record Result(int requests, int replies, int correlated, int wrong, int unanswered, long p50Micros,
                         long p99Micros, int temporaryQueuesLeft, List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final Config cfg;
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    public RequestReply(Config cfg) {
        this.cfg = cfg;
    }

    public static Config config() {
        return new Config();
    }

    public Result run() throws Exception {
        PrintStream out = cfg.out;
        String url = cfg.url != null ? cfg.url : Stores.h2Url(cfg.dataDir);
        if (cfg.url == null) {
            Stores.prepareDataDir(cfg.dataDir);
        }
        JaqsConnectionFactory factory = Stores.factory(url, cfg.time);
        Stores.dropQueues(factory, List.of(QUEUE));
        factory.getBroker().createQueue(QUEUE, Map.of());
        out.printf("Jaqs request/reply%n  store    %s%n  service  %d listeners on %s; %d clients × %d requests, "
                + "each with its own temporary reply queue and %d requests in flight%n%n", url, cfg.servers, QUEUE, cfg.clients,
                cfg.requestsPerClient, cfg.window);

        long start = System.nanoTime();
        Samples latency = new Samples();
        AtomicInteger replies = new AtomicInteger();
        AtomicInteger correlated = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        try (Connection service = factory.createConnection()) {
            for (int i = 0; i < cfg.servers; i++) {
                Session s = service.createSession(Session.AUTO_ACKNOWLEDGE);
                MessageProducer replier = s.createProducer(null); // each reply goes where the request says
                s.createConsumer(s.createQueue(QUEUE)).setMessageListener(m -> answer(s, replier, m));
            }
            service.start();

            List<Thread> clients = new ArrayList<>();
            for (int c = 1; c <= cfg.clients; c++) {
                String name = "client-" + c;
                Thread t = new Thread(() -> {
                    try {
                        client(factory, name, latency, replies, correlated, wrong, unanswered);
                    } catch (Exception e) {
                        problems.add(name + " failed: " + e);
                    }
                }, name);
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(cfg.timeout.toMillis() + 5_000);
            }
        }

        int requests = cfg.clients * cfg.requestsPerClient;
        int tempLeft = factory.getBroker().listQueues("jaqs-tmp").size();
        List<String> failures = new ArrayList<>(problems);
        if (correlated.get() != requests) {
            failures.add(correlated.get() + " of " + requests + " requests got their own, correct reply");
        }
        if (wrong.get() != 0) {
            failures.add(wrong.get() + " replies were not for the request they were correlated with");
        }
        if (tempLeft != 0) {
            failures.add(tempLeft + " temporary queues outlived their connections");
        }
        out.printf("  %,d requests, %,d replies, %,d correlated, %d mismatched, %d unanswered%n", requests, replies.get(),
                correlated.get(), wrong.get(), unanswered.get());
        out.printf("  round trip p50 %.1f ms, p99 %.1f ms; %d temporary queues left after the clients closed%n",
                latency.percentile(50) / 1000.0, latency.percentile(99) / 1000.0, tempLeft);
        out.printf("  wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
        for (String f : failures) {
            out.println("CHECK FAILED: " + f);
        }
        return new Result(requests, replies.get(), correlated.get(), wrong.get(), unanswered.get(), latency.percentile(50),
                latency.percentile(99), tempLeft, failures);
    }

    /** The service: quotes a price and answers to JMSReplyTo, correlated with the request's message id. */
    private void answer(Session s, MessageProducer replier, Message m) {
        try {
            MapMessage req = (MapMessage) m;
            String sku = req.getString("sku");
            int qty = req.getInt("qty");
            MapMessage reply = s.createMapMessage();
            Long unit = PRICE_CENTS.get(sku);
            if (unit == null) {
                reply.setString("error", "unknown sku " + sku);
            } else {
                reply.setString("sku", sku);
                reply.setInt("qty", qty);
                reply.setLong("totalCents", unit * qty);
            }
            reply.setString("client", req.getString("client"));
            reply.setJMSCorrelationID(req.getJMSMessageID());
            replier.send(req.getJMSReplyTo(), reply);
            served.incrementAndGet();
        } catch (JMSException e) {
            problems.add("service failed: " + e);
            throw new RuntimeException(e); // AUTO_ACKNOWLEDGE: the request is redelivered
        }
    }

    private record Pending(String sku, int qty, long sentNanos) {
    }

    /**
     * A client: keeps up to {@code window} requests in flight on one temporary reply queue, and
     * tells the replies apart by JMSCorrelationID.
     */
    private void client(JaqsConnectionFactory factory, String name, Samples latency, AtomicInteger replies,
                        AtomicInteger correlated, AtomicInteger wrong, AtomicInteger unanswered) throws JMSException {
        Random r = new Random(name.hashCode());
        List<String> skus = List.copyOf(PRICE_CENTS.keySet());
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyTo = s.createTemporaryQueue();
            MessageConsumer answers = s.createConsumer(replyTo);
            MessageProducer requests = s.createProducer(s.createQueue(QUEUE));
            c.start();
            Map<String, Pending> pending = new HashMap<>();
            int sent = 0;
            long deadline = System.nanoTime() + cfg.timeout.toNanos();
            while ((sent < cfg.requestsPerClient || !pending.isEmpty()) && System.nanoTime() < deadline) {
                while (sent < cfg.requestsPerClient && pending.size() < cfg.window) {
                    MapMessage q = s.createMapMessage();
                    String sku = skus.get(r.nextInt(skus.size()));
                    int qty = 1 + r.nextInt(20);
                    q.setString("sku", sku);
                    q.setInt("qty", qty);
                    q.setString("client", name);
                    q.setJMSReplyTo(replyTo);
                    long t0 = System.nanoTime();
                    requests.send(q);
                    pending.put(q.getJMSMessageID(), new Pending(sku, qty, t0)); // the id the reply will quote
                    sent++;
                }
                MapMessage a = (MapMessage) answers.receive(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (a == null) {
                    break;
                }
                replies.incrementAndGet();
                Pending p = pending.remove(a.getJMSCorrelationID());
                if (p == null || !name.equals(a.getString("client")) || !p.sku().equals(a.getString("sku"))
                        || p.qty() != a.getInt("qty") || a.getLong("totalCents") != PRICE_CENTS.get(p.sku()) * p.qty()) {
                    wrong.incrementAndGet();
                    continue;
                }
                latency.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - p.sentNanos()));
                correlated.incrementAndGet();
            }
            unanswered.addAndGet(pending.size() + cfg.requestsPerClient - sent);
        } // closing the connection deletes its temporary queue
    }
}
