package io.jaqs.samples.orders;

import io.jaqs.broker.Broker;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.samples.common.Live;
import io.jaqs.samples.common.Samples;
import io.jaqs.samples.common.Stores;
import io.jaqs.samples.common.Time;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order-processing demo, all through the JMS API.
 *
 * <pre>
 *  web ─┐                      payment            inventory           shipping
 *       ├─▶ orders.fifo ──▶ [workers] ──▶ inventory.fifo ──▶ [workers] ──▶ shipping.fifo ──▶ [workers] ──▶ done
 *  mobile┘      │ RedrivePolicy (maxReceiveCount 3)
 *               └──▶ orders-dlq.fifo ──(fix, StartMessageMoveTask)──▶ back to orders.fifo
 * </pre>
 *
 * Every queue is FIFO with the customer as message group, so a customer's orders pass each step in
 * the order they were placed, and the order id as deduplication id, so an order submitted twice is
 * stored (and processed) once. The inventory step is slow for bulk orders and its queue has a short
 * visibility timeout: the worker extends the timeout of such an order before working on it. One order
 * pays in a currency the payment service rejects: after maxReceiveCount failed attempts it is moved to
 * the dead-letter queue; the demo then deploys the fix and redrives it, and it completes.
 *
 * <p>The run checks itself: every order done exactly once, in order per customer, the poison order
 * dead-lettered then redriven and done, no redelivery at the slow step, all queues empty at the end.
 */
public final class OrderDemo {
    public static final String ORDERS = "orders.fifo";
    public static final String INVENTORY = "inventory.fifo";
    public static final String SHIPPING = "shipping.fifo";
    public static final String DEAD_LETTERS = "orders-dlq.fifo";
    public static final int MAX_RECEIVE_COUNT = 3;

    /** The demo's settings; the defaults are the README's {@code ./demo}. */
    public static final class Config {
        int orders = 2000;
        int workers = 4;
        Integer inventoryWorkers;
        Integer customers;
        String url;
        Path dataDir = Path.of("data", "demo");
        Time time = Time.real();
        int duplicateEvery = 40;
        int bulkEvery = 200;
        Duration slowWork = Duration.ofSeconds(3);
        int inventoryVisibilitySeconds = 2;
        boolean extendVisibility = true;
        int prefetch = 1;
        Duration timeout = Duration.ofMinutes(10);
        PrintStream out = System.out;
        Boolean terminal;
        boolean writeReport = true;
        long seed = 42;

        public Config orders(int n) {
            orders = n;
            return this;
        }

        /** Workers per step. */
        public Config workers(int n) {
            workers = n;
            return this;
        }

        /** Workers of the inventory step (default: {@link #workers}). */
        public Config inventoryWorkers(int n) {
            inventoryWorkers = n;
            return this;
        }

        public Config customers(int n) {
            customers = n;
            return this;
        }

        /** The store's JDBC URL (default: an H2 file in the data directory). */
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

        /** Every n-th order is submitted twice (0: none). */
        public Config duplicateEvery(int n) {
            duplicateEvery = n;
            return this;
        }

        /** Every n-th order is a bulk order, slow at the inventory step (0: none). */
        public Config bulkEvery(int n) {
            bulkEvery = n;
            return this;
        }

        /** How long the inventory step works on a bulk order. */
        public Config slowWork(Duration d) {
            slowWork = d;
            return this;
        }

        public Config inventoryVisibilitySeconds(int s) {
            inventoryVisibilitySeconds = s;
            return this;
        }

        /** Whether the slow step extends its visibility timeout (off only to show what goes wrong). */
        public Config extendVisibility(boolean b) {
            extendVisibility = b;
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

        /** Rewrite the progress line in place (default: when stdout is a terminal). */
        public Config terminal(boolean b) {
            terminal = b;
            return this;
        }

        public Config writeReport(boolean b) {
            writeReport = b;
            return this;
        }

        String storeUrl() {
            return url != null ? url : Stores.h2Url(dataDir);
        }

        int customerCount() {
            return customers != null ? customers : Math.max(2, orders / 10);
        }
    }

    /** One step of the pipeline: the queue it reads and the queue it sends the order on to. */
    enum Step {
        PAYMENT("payment", ORDERS, INVENTORY),
        INVENTORY_CHECK("inventory", INVENTORY, SHIPPING),
        SHIPPING_LABEL("shipping", SHIPPING, null);

        final String title;
        final String in;
        final String out;

        Step(String title, String in, String out) {
            this.title = title;
            this.in = in;
            this.out = out;
        }
    }

    /** What one step measured. Records are made before the commit, while the FIFO group is still locked. */
    static final class StepLedger {
        final Step step;
        final Map<String, Integer> completions = new ConcurrentHashMap<>();
        final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger redelivered = new AtomicInteger();
        final AtomicInteger commitConflicts = new AtomicInteger();
        /** Entered the step's queue → committed by the step (queue wait + work), in µs. */
        final Samples latency = new Samples();
        final AtomicLong firstCommit = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastCommit = new AtomicLong();

        StepLedger(Step step) {
            this.step = step;
        }

        /** Records a completion about to be committed; returns how to undo it if the commit fails. */
        Runnable record(Order o) {
            completions.merge(o.id(), 1, Integer::sum);
            Integer prev = lastSeq.put(o.customer(), o.seq());
            // an earlier order after a later one; the same order twice shows in completions instead
            boolean late = prev != null && prev > o.seq();
            if (late) {
                outOfOrder.incrementAndGet();
            }
            return () -> {
                completions.merge(o.id(), -1, Integer::sum);
                if (prev == null) {
                    lastSeq.remove(o.customer(), o.seq());
                } else {
                    lastSeq.replace(o.customer(), o.seq(), prev);
                }
                if (late) {
                    outOfOrder.decrementAndGet();
                }
            };
        }

        void committed(long enteredMicros, long nowMicros) {
            committed.incrementAndGet();
            latency.add(Math.max(0, nowMicros - enteredMicros));
            firstCommit.accumulateAndGet(nowMicros, Math::min);
            lastCommit.accumulateAndGet(nowMicros, Math::max);
        }

        double perSecond() {
            long span = lastCommit.get() - firstCommit.get();
            int n = committed.get();
            return n < 2 || span <= 0 ? n : (n - 1) * 1_000_000.0 / span;
        }
    }

    /** One failed payment attempt of the poison order, or another event in its life. */
    public record PoisonEvent(long atMillis, String what) {
    }

    /** A point of the progress timeline (for the report). */
    public record Tick(long atMillis, int sent, int done, int inFlight, int deadLettered) {
    }

    /** Per-step numbers of the report. */
    public record StepReport(String name, String queue, int orders, double perSecond, long p50Micros, long p99Micros,
                             long maxMicros, int redelivered) {
    }

    /** The measured outcome; {@link #ok()} is true when every check passed. */
    public record Result(int ordered, int sent, int duplicateSubmissions, int doneExactlyOnce, int doneMoreThanOnce,
                         int notDone, int outOfOrder, List<String> deadLettered, int deadLetteredAndRedriven,
                         String poisonOrder, boolean poisonDone, int bulkOrders, int visibilityExtensions,
                         int slowStepRedeliveries, int commitConflicts, long leftInQueues, List<StepReport> steps,
                         long e2eP50Micros, long e2eP99Micros, long wallMillis, List<String> failures, Path report) {
        public boolean ok() {
            return failures.isEmpty();
        }

        /** The self-checked headline. */
        public String summaryLine() {
            return "orders: " + sent + " sent, " + doneExactlyOnce + " done exactly once, " + outOfOrder
                    + " out of order, " + deadLetteredAndRedriven + " dead-lettered and redriven";
        }
    }

    private final Config cfg;
    private final Time time;
    private final PaymentService payments = new PaymentService();
    private final Map<Step, StepLedger> ledgers = new LinkedHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger duplicateSends = new AtomicInteger();
    private final AtomicInteger extensions = new AtomicInteger();
    private final Samples endToEnd = new Samples();
    private final List<PoisonEvent> poisonEvents = new CopyOnWriteArrayList<>();
    private final List<Tick> timeline = new CopyOnWriteArrayList<>();
    private final List<Connection> workerConnections = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer> workerConsumers = new CopyOnWriteArrayList<>();
    private final List<Throwable> workerErrors = new CopyOnWriteArrayList<>();
    private final Set<String> doneAfterRedrive = ConcurrentHashMap.newKeySet();
    /** The warehouse's stock reservations of bulk orders, by order id. */
    private final Set<String> reservations = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch allDone;
    private volatile boolean stopping;
    private volatile long redriveStartedMicros = Long.MAX_VALUE;
    private long startNanos;
    private Live live;

    public OrderDemo(Config cfg) {
        this.cfg = cfg;
        this.time = cfg.time;
        for (Step s : Step.values()) {
            ledgers.put(s, new StepLedger(s));
        }
    }

    public static Config config() {
        return new Config();
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    public Result run() throws Exception {
        PrintStream out = cfg.out;
        live = new Live(out, cfg.terminal != null ? cfg.terminal : Live.stdoutIsTerminal(), 250);
        if (cfg.url == null) {
            Stores.prepareDataDir(cfg.dataDir);
        } else {
            java.nio.file.Files.createDirectories(cfg.dataDir);
        }
        JaqsConnectionFactory factory = Stores.factory(cfg.storeUrl(), time);
        // one message per receive: a slow or failing order holds (and, on rollback, releases) only itself;
        // prefetched messages would wait out the short visibility timeout, or count a receive on every rollback
        factory.setPrefetch(cfg.prefetch);
        Stores.dropQueues(factory, List.of(ORDERS, INVENTORY, SHIPPING, DEAD_LETTERS));
        // the queues, as an ops script would create them (SQS CreateQueue; FIFO because of the .fifo names)
        Broker admin = factory.getBroker();
        admin.createQueue(DEAD_LETTERS, Map.of());
        // the payment step dead-letters an order after 3 failed attempts
        admin.createQueue(ORDERS, Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + DEAD_LETTERS + "\",\"maxReceiveCount\":" + MAX_RECEIVE_COUNT + "}"));
        // short on purpose: a bulk order takes longer than this, so its worker must extend it
        admin.createQueue(INVENTORY, Map.of("VisibilityTimeout", Integer.toString(cfg.inventoryVisibilitySeconds)));
        admin.createQueue(SHIPPING, Map.of());

        List<Order> orders = Order.generate(cfg.orders, cfg.customerCount(), cfg.bulkEvery, cfg.seed);
        String poison = orders.stream().filter(o -> PaymentService.UNSUPPORTED_CURRENCY.equals(o.currency()))
                .map(Order::id).findFirst().orElseThrow();
        int bulk = (int) orders.stream().filter(Order::bulk).count();
        allDone = new CountDownLatch(orders.size());
        int inventoryWorkers = cfg.inventoryWorkers != null ? cfg.inventoryWorkers : cfg.workers;

        out.printf("Jaqs order-processing demo%n");
        out.printf("  store    %s%n", cfg.storeUrl());
        out.printf("  data     %s%n", cfg.dataDir.toAbsolutePath().normalize());
        out.printf("  orders   %d from %d customers (web + mobile), every %s submitted twice, %d bulk%n",
                orders.size(), cfg.customerCount(), cfg.duplicateEvery > 0 ? ordinal(cfg.duplicateEvery) : "none", bulk);
        out.printf("  workers  %d payment, %d inventory, %d shipping; %s → %s → %s%n",
                cfg.workers, inventoryWorkers, cfg.workers, ORDERS, INVENTORY, SHIPPING);
        out.printf("  poison   %s pays in %s, which the payment service rejects until fixed%n%n", poison,
                PaymentService.UNSUPPORTED_CURRENCY);
        out.flush();

        startNanos = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (Step step : Step.values()) {
            int n = step == Step.INVENTORY_CHECK ? inventoryWorkers : cfg.workers;
            for (int i = 1; i <= n; i++) {
                threads.add(start(step.title + "-" + i, () -> worker(factory, step)));
            }
        }
        List<Thread> producers = new ArrayList<>();
        for (String channel : List.of("web", "mobile")) {
            List<Order> mine = orders.stream().filter(o -> o.channel().equals(channel)).toList();
            producers.add(start(channel, () -> produce(factory, channel, mine)));
        }

        MonitorState m = monitor(factory, orders.size(), poison);

        // stop the workers: closing a consumer ends its blocked receive
        stopping = true;
        for (MessageConsumer c : workerConsumers) {
            closeQuietly(c);
        }
        long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : producers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
        }
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
        }
        for (Connection c : workerConnections) {
            closeQuietly(c);
        }
        long wall = elapsedMillis();
        live.finish();

        Result result = check(factory, orders, poison, bulk, m, wall);
        Path report = null;
        if (cfg.writeReport) {
            report = OrderReport.write(cfg.dataDir.resolve("report.html"), result, cfg, poisonEvents, timeline, m.moveTask);
            result = withReport(result, report);
        }
        printSummary(out, result);
        return result;
    }

    private static String ordinal(int n) {
        return n + (n % 10 == 1 && n != 11 ? "st" : n % 10 == 2 && n != 12 ? "nd" : n % 10 == 3 && n != 13 ? "rd" : "th");
    }

    private Thread start(String name, Task task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                if (!stopping) {
                    workerErrors.add(e);
                    live.event("  ! " + Thread.currentThread().getName() + " failed: " + e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ producers

    /**
     * A channel (web or mobile) submits its customers' orders in the order they are placed. Some
     * orders are submitted a second time a little later (the app retried after a timeout); the queue
     * drops the copy because it carries the same deduplication id.
     */
    private void produce(JaqsConnectionFactory factory, String channel, List<Order> orders) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(ORDERS));
            List<Order> retries = new ArrayList<>();
            List<Integer> retryAfter = new ArrayList<>();
            for (Order o : orders) {
                if (stopping) {
                    return;
                }
                Order submitted = o.submittedAt(Stores.micros());
                p.send(submitted.toMessage(s, submitted.submittedMicros()));
                sent.incrementAndGet();
                if (cfg.duplicateEvery > 0 && Integer.parseInt(o.id().substring(2)) % cfg.duplicateEvery == 0) {
                    retries.add(submitted);
                    retryAfter.add(3);
                }
                for (int i = retries.size() - 1; i >= 0; i--) {
                    int left = retryAfter.get(i) - 1;
                    if (left == 0) {
                        resend(s, p, retries.remove(i));
                        retryAfter.remove(i);
                    } else {
                        retryAfter.set(i, left);
                    }
                }
            }
            for (Order o : retries) {
                resend(s, p, o);
            }
        }
    }

    private void resend(Session s, MessageProducer p, Order o) throws JMSException {
        p.send(o.toMessage(s, Stores.micros()));
        duplicateSends.incrementAndGet();
    }

    // ------------------------------------------------------------------ workers

    /**
     * A worker of one step. Each order is taken in a transacted session: the send to the next
     * step's queue and the delete from this step's queue commit atomically in one database
     * transaction. So an order is never lost (deleted but not forwarded) nor forwarded twice (a crash
     * between a send and a CLIENT_ACKNOWLEDGE would leave it in both queues), and the FIFO group stays
     * locked until the commit, so the customer's next order cannot overtake this one.
     */
    private void worker(JaqsConnectionFactory factory, Step step) throws Exception {
        Connection c = factory.createConnection();
        workerConnections.add(c);
        Session s = c.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer in = s.createConsumer(s.createQueue(step.in));
        workerConsumers.add(in);
        MessageProducer next = step.out == null ? null : s.createProducer(s.createQueue(step.out));
        c.start();
        StepLedger ledger = ledgers.get(step);
        while (!stopping) {
            Message m;
            try {
                m = in.receive();
            } catch (jakarta.jms.IllegalStateException closed) {
                return; // the demo is over
            }
            if (m == null) {
                continue;
            }
            Order o = Order.from((MapMessage) m);
            if (m.getJMSRedelivered() && step != Step.PAYMENT) {
                ledger.redelivered.incrementAndGet();
            }
            try {
                work(step, o, (JaqsMessage) m);
            } catch (PaymentService.PaymentDeclined e) {
                poisonEvents.add(new PoisonEvent(elapsedMillis(), "payment attempt " + m.getIntProperty("JMSXDeliveryCount")
                        + " failed: " + e.getMessage()));
                s.rollback(); // visible again at once; the receive after the 3rd failure moves it to the DLQ
                continue;
            }
            long now = Stores.micros();
            if (next != null) {
                next.send(o.toMessage(s, now));
            }
            Runnable undo = ledger.record(o);
            boolean first = step == Step.SHIPPING_LABEL && ledger.completions.get(o.id()) == 1;
            try {
                s.commit();
            } catch (TransactionRolledBackException e) {
                // another worker received this order since (its visibility timeout ran out): that worker owns it now
                undo.run();
                ledger.commitConflicts.incrementAndGet();
                continue;
            }
            ledger.committed(m.getLongProperty(Order.ENTERED), now);
            if (step == Step.SHIPPING_LABEL) {
                endToEnd.add(now - o.submittedMicros());
                if (now > redriveStartedMicros) {
                    doneAfterRedrive.add(o.id());
                }
                if (o.currency().equals(PaymentService.UNSUPPORTED_CURRENCY)) {
                    poisonEvents.add(new PoisonEvent(elapsedMillis(), "shipped: the order is done"));
                }
                if (first) {
                    allDone.countDown();
                }
            }
        }
    }

    private void work(Step step, Order o, JaqsMessage m) throws Exception {
        switch (step) {
            case PAYMENT -> {
                payments.charge(o);
                if (o.currency().equals(PaymentService.UNSUPPORTED_CURRENCY)) {
                    poisonEvents.add(new PoisonEvent(elapsedMillis(), "paid (attempt " + m.getIntProperty("JMSXDeliveryCount")
                            + " after the redrive)"));
                }
            }
            case INVENTORY_CHECK -> {
                if (o.bulk() && !reservations.contains(o.id())) {
                    // a bulk order needs a warehouse reservation that outlasts the queue's visibility timeout:
                    // keep the order invisible to the other workers while we work on it
                    if (cfg.extendVisibility) {
                        m.changeVisibility(cfg.slowWork.multipliedBy(4).plusSeconds(cfg.inventoryVisibilitySeconds));
                        extensions.incrementAndGet();
                    }
                    time.pass(cfg.slowWork);
                    // idempotent, as work under at-least-once delivery must be: a redelivered order finds its
                    // reservation made and goes on at once
                    reservations.add(o.id());
                }
            }
            case SHIPPING_LABEL -> {
                // print the label: nothing slow
            }
        }
    }

    // ------------------------------------------------------------------ monitor, fix and redrive

    static final class MonitorState {
        final List<String> deadLettered = new ArrayList<>();
        MessageMoveTask moveTask;
        boolean timedOut;
    }

    /**
     * Shows progress until every order is done. When the dead-letter queue fills (an ops alarm would
     * fire on its ApproximateNumberOfMessages), it looks at what is there, deploys the fix and redrives
     * the queue back to its source with StartMessageMoveTask.
     */
    private MonitorState monitor(JaqsConnectionFactory factory, int total, String poison) throws Exception {
        MonitorState st = new MonitorState();
        Broker broker = factory.getBroker();
        String taskHandle = null;
        long deadline = System.nanoTime() + cfg.timeout.toNanos();
        int lastDone = 0;
        long lastRateNanos = System.nanoTime();
        double rate = 0;
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            while (true) {
                boolean done = allDone.await(250, TimeUnit.MILLISECONDS);
                int dlqDepth = Integer.parseInt(broker.getQueueAttributes(DEAD_LETTERS, List.of("ApproximateNumberOfMessages"))
                        .get("ApproximateNumberOfMessages"));
                if (dlqDepth > 0 && taskHandle == null) {
                    QueueBrowser b = s.createBrowser(s.createQueue(DEAD_LETTERS));
                    for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements(); ) {
                        Order o = Order.from((MapMessage) e.nextElement());
                        st.deadLettered.add(o.id());
                        live.event(String.format("  ✗ %s (customer %s, %d %s) moved to %s after %d failed payment attempts",
                                o.id(), o.customer(), o.amountCents() / 100, o.currency(), DEAD_LETTERS, MAX_RECEIVE_COUNT));
                    }
                    b.close();
                    poisonEvents.add(new PoisonEvent(elapsedMillis(), "dead-lettered: found in " + DEAD_LETTERS
                            + ", where the RedrivePolicy moved it on the receive after attempt " + MAX_RECEIVE_COUNT));
                    payments.deployFix();
                    poisonEvents.add(new PoisonEvent(elapsedMillis(), "fix deployed: the gateway accepts "
                            + PaymentService.UNSUPPORTED_CURRENCY));
                    redriveStartedMicros = Stores.micros();
                    taskHandle = broker.startMessageMoveTask(DEAD_LETTERS, null, null);
                    poisonEvents.add(new PoisonEvent(elapsedMillis(), "redrive started: StartMessageMoveTask " + DEAD_LETTERS
                            + " → its source queue"));
                    live.event("  ↻ fix deployed (payment service accepts " + PaymentService.UNSUPPORTED_CURRENCY
                            + "); redriving " + DEAD_LETTERS + " → " + ORDERS + " (StartMessageMoveTask)");
                }
                if (taskHandle != null && (st.moveTask == null || st.moveTask.status() == MessageMoveTask.Status.RUNNING)) {
                    String h = taskHandle;
                    st.moveTask = broker.listMessageMoveTasks(DEAD_LETTERS, 10).stream()
                            .filter(t -> t.taskHandle().equals(h)).findFirst().orElse(null);
                    if (st.moveTask != null && st.moveTask.status() != MessageMoveTask.Status.RUNNING) {
                        poisonEvents.add(new PoisonEvent(elapsedMillis(), "redrive " + st.moveTask.status().name().toLowerCase()
                                + ": " + st.moveTask.approximateNumberOfMessagesMoved() + " message(s) moved"));
                        live.event("  ↻ redrive " + st.moveTask.status().name().toLowerCase() + ": "
                                + st.moveTask.approximateNumberOfMessagesMoved() + " message moved back to " + ORDERS);
                    }
                }
                int doneNow = ledgers.get(Step.SHIPPING_LABEL).committed.get();
                long nowNanos = System.nanoTime();
                if (nowNanos - lastRateNanos >= 1_000_000_000L) {
                    rate = (doneNow - lastDone) * 1e9 / (nowNanos - lastRateNanos);
                    lastDone = doneNow;
                    lastRateNanos = nowNanos;
                }
                int sentNow = sent.get();
                int inFlight = Math.max(0, sentNow - doneNow - dlqDepth);
                timeline.add(new Tick(elapsedMillis(), sentNow, doneNow, inFlight, dlqDepth));
                String redriven = st.moveTask != null && st.moveTask.status() == MessageMoveTask.Status.COMPLETED
                        ? " (redriven)" : "";
                live.status(String.format("  sent %,d/%,d · in flight %,d · done %,d · dead-lettered %d%s · %,.0f orders/s",
                        sentNow, total, inFlight, doneNow, st.deadLettered.size(), redriven, rate), done);
                boolean poisonSettled = st.moveTask != null && st.moveTask.status() != MessageMoveTask.Status.RUNNING;
                if (done && poisonSettled) {
                    return st;
                }
                if (!workerErrors.isEmpty()) {
                    return st; // a worker died: the checks will say so
                }
                if (System.nanoTime() > deadline) {
                    st.timedOut = true;
                    live.event("  ! timed out after " + cfg.timeout.toSeconds() + " s");
                    return st;
                }
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private Result check(JaqsConnectionFactory factory, List<Order> orders, String poison, int bulk, MonitorState m,
                         long wall) throws JMSException {
        List<String> failures = new ArrayList<>();
        StepLedger shipping = ledgers.get(Step.SHIPPING_LABEL);
        int once = 0;
        int twice = 0;
        int missing = 0;
        for (Order o : orders) {
            int n = shipping.completions.getOrDefault(o.id(), 0);
            if (n == 1) {
                once++;
            } else if (n > 1) {
                twice++;
            } else {
                missing++;
            }
        }
        int outOfOrder = 0;
        int conflicts = 0;
        for (StepLedger l : ledgers.values()) {
            outOfOrder += l.outOfOrder.get();
            conflicts += l.commitConflicts.get();
            for (int n : l.completions.values()) {
                if (n > 1 && l.step != Step.SHIPPING_LABEL) {
                    failures.add(l.step.title + " step processed an order " + n + " times");
                    break;
                }
            }
        }
        int redriven = 0;
        for (String id : m.deadLettered) {
            if (doneAfterRedrive.contains(id) && shipping.completions.getOrDefault(id, 0) == 1) {
                redriven++;
            }
        }
        boolean poisonDone = shipping.completions.getOrDefault(poison, 0) == 1;
        Broker broker = factory.getBroker();
        long left = 0;
        for (String q : List.of(ORDERS, INVENTORY, SHIPPING, DEAD_LETTERS)) {
            QueueCounts c = broker.approximateCounts(q);
            left += c.visible() + c.notVisible() + c.delayed();
        }
        int slowRedeliveries = ledgers.get(Step.INVENTORY_CHECK).redelivered.get();

        if (m.timedOut) {
            failures.add("timed out after " + cfg.timeout.toSeconds() + " s");
        }
        if (sent.get() != orders.size()) {
            failures.add("sent " + sent.get() + " of " + orders.size() + " orders");
        }
        if (once != orders.size()) {
            failures.add((orders.size() - once) + " orders not done exactly once (" + twice + " more than once, " + missing + " never)");
        }
        if (outOfOrder != 0) {
            failures.add(outOfOrder + " orders processed before an earlier order of the same customer");
        }
        if (!m.deadLettered.equals(List.of(poison))) {
            failures.add("dead-lettered " + m.deadLettered + ", expected exactly the poison order " + poison);
        }
        if (redriven != 1 || !poisonDone) {
            failures.add("the poison order " + poison + " was not redriven and done exactly once");
        }
        if (cfg.extendVisibility && slowRedeliveries != 0) {
            failures.add(slowRedeliveries + " orders redelivered at the slow step although it extends its visibility timeout");
        }
        if (cfg.extendVisibility && extensions.get() != bulk) {
            failures.add("visibility extended " + extensions.get() + " times for " + bulk + " bulk orders");
        }
        if (left != 0) {
            failures.add(left + " messages left in the queues");
        }
        if (!workerErrors.isEmpty()) {
            failures.add(workerErrors.size() + " worker errors, first: " + workerErrors.get(0));
        }
        List<StepReport> steps = new ArrayList<>();
        for (StepLedger l : ledgers.values()) {
            steps.add(new StepReport(l.step.title, l.step.in, l.committed.get(), l.perSecond(), l.latency.percentile(50),
                    l.latency.percentile(99), l.latency.max(), l.step == Step.PAYMENT ? 0 : l.redelivered.get()));
        }
        return new Result(orders.size(), sent.get(), duplicateSends.get(), once, twice, missing, outOfOrder,
                List.copyOf(m.deadLettered), redriven, poison, poisonDone, bulk, extensions.get(), slowRedeliveries,
                conflicts, left, steps, endToEnd.percentile(50), endToEnd.percentile(99), wall, failures, null);
    }

    private static Result withReport(Result r, Path report) {
        return new Result(r.ordered(), r.sent(), r.duplicateSubmissions(), r.doneExactlyOnce(), r.doneMoreThanOnce(),
                r.notDone(), r.outOfOrder(), r.deadLettered(), r.deadLetteredAndRedriven(), r.poisonOrder(), r.poisonDone(),
                r.bulkOrders(), r.visibilityExtensions(), r.slowStepRedeliveries(), r.commitConflicts(), r.leftInQueues(),
                r.steps(), r.e2eP50Micros(), r.e2eP99Micros(), r.wallMillis(), r.failures(), report);
    }

    private void printSummary(PrintStream out, Result r) {
        out.println();
        for (StepReport s : r.steps()) {
            out.printf("  %-9s %,6d orders  %,7.0f orders/s  latency p50 %s  p99 %s%n", s.name(), s.orders(), s.perSecond(),
                    ms(s.p50Micros()), ms(s.p99Micros()));
        }
        out.printf("  end to end            submitted → shipped   p50 %s  p99 %s%n", ms(r.e2eP50Micros()), ms(r.e2eP99Micros()));
        out.printf("  duplicates  %d double submissions dropped by FIFO deduplication (%d processed twice)%n",
                r.duplicateSubmissions(), r.doneMoreThanOnce());
        out.printf("  slow step   %d bulk orders outlasted the %d s visibility timeout; %d extended with changeVisibility, "
                + "%d redelivered%n", r.bulkOrders(), cfg.inventoryVisibilitySeconds, r.visibilityExtensions(),
                r.slowStepRedeliveries());
        out.printf("  poison      %s: %d failed payments → %s → fix → redrive → %s%n", r.poisonOrder(), MAX_RECEIVE_COUNT,
                DEAD_LETTERS, r.poisonDone() ? "done" : "NOT done");
        if (r.report() != null) {
            out.printf("  report      %s%n", r.report().toAbsolutePath().normalize());
        }
        out.printf("  wall time   %.1f s%n%n", r.wallMillis() / 1000.0);
        out.println(r.summaryLine());
        for (String f : r.failures()) {
            out.println("CHECK FAILED: " + f);
        }
        out.flush();
    }

    static String ms(long micros) {
        double ms = micros / 1000.0;
        return ms < 10 ? String.format("%.1f ms", ms) : String.format("%,.0f ms", ms);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
