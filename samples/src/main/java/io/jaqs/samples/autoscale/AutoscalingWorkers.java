package io.jaqs.samples.autoscale;

import io.jaqs.broker.Broker;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.samples.common.Stores;
import io.jaqs.samples.common.Time;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Autoscaling workers. A controller samples the queue's {@code ApproximateNumberOfMessages} once a
 * tick (as an SQS autoscaling policy would) and sizes a pool of workers to it: up at once to
 * {@code ceil(depth / backlogPerWorker)} (within min…max), down one worker per tick once the pool has
 * been larger than needed for a few ticks. Traffic: a steady trickle, then a spike, then quiet.
 *
 * <p>On the real clock each job takes {@code jobWork} of (simulated) work. On a simulated clock (tests)
 * each worker may do {@code tick / jobWork} jobs per tick, and a tick ends when the pool has used that
 * capacity or run out of work, so the run is the same, only instant.
 */
public final class AutoscalingWorkers {
    public static final String QUEUE = "thumbnail-jobs";

    public static final class Config {
        int minWorkers = 1;
        int maxWorkers = 8;
        int backlogPerWorker = 50;
        int cooldownTicks = 3;
        Duration tick = Duration.ofSeconds(1);
        Duration jobWork = Duration.ofMillis(20);
        int baselinePerTick = 20;
        int spike = 1500;
        int spikeAtTick = 4;
        int trafficTicks = 14;
        int maxTicks = 120;
        String url;
        Path dataDir = Path.of("data", "demo");
        Time time = Time.real();
        PrintStream out = System.out;

        public Config minWorkers(int n) {
            minWorkers = n;
            return this;
        }

        public Config maxWorkers(int n) {
            maxWorkers = n;
            return this;
        }

        public Config backlogPerWorker(int n) {
            backlogPerWorker = n;
            return this;
        }

        public Config cooldownTicks(int n) {
            cooldownTicks = n;
            return this;
        }

        public Config jobWork(Duration d) {
            jobWork = d;
            return this;
        }

        public Config baselinePerTick(int n) {
            baselinePerTick = n;
            return this;
        }

        public Config spike(int n) {
            spike = n;
            return this;
        }

        public Config spikeAtTick(int n) {
            spikeAtTick = n;
            return this;
        }

        public Config trafficTicks(int n) {
            trafficTicks = n;
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

        public Config out(PrintStream o) {
            out = o;
            return this;
        }

        int jobsPerWorkerPerTick() {
            return (int) Math.max(1, tick.toMillis() / Math.max(1, jobWork.toMillis()));
        }
    }

    /** One line of the timeline. */
    public record Sample(int tick, long depth, int workers, int processed) {
    }

    public record Result(int sent, int processed, int processedTwice, int maxWorkers, int finalWorkers, List<Sample> timeline,
                         List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final Config cfg;
    private final List<Worker> pool = new ArrayList<>();
    private final Map<String, Integer> processed = new ConcurrentHashMap<>();
    private final AtomicInteger processedCount = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private JaqsConnectionFactory factory;
    private int nextWorkerId = 1;

    public AutoscalingWorkers(Config cfg) {
        this.cfg = cfg;
    }

    public static Config config() {
        return new Config();
    }

    /** A worker: its own connection (as a separate process would have), CLIENT_ACKNOWLEDGE after the job. */
    private final class Worker {
        final String name = "worker-" + nextWorkerId++;
        final Semaphore budget = new Semaphore(0);
        volatile boolean stopping;
        Connection connection;
        MessageConsumer consumer;
        Thread thread;

        void start() throws JMSException {
            connection = factory.createConnection();
            Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            consumer = s.createConsumer(s.createQueue(QUEUE));
            connection.start();
            refill();
            thread = new Thread(this::loop, name);
            thread.setDaemon(true);
            thread.start();
        }

        void refill() {
            budget.drainPermits();
            budget.release(cfg.jobsPerWorkerPerTick());
        }

        void loop() {
            try {
                while (!stopping) {
                    if (cfg.time.simulated() && !budget.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue; // this tick's capacity is used up
                    }
                    Message m;
                    try {
                        m = consumer.receive();
                    } catch (jakarta.jms.IllegalStateException closed) {
                        break;
                    }
                    if (m == null) {
                        continue;
                    }
                    busy.incrementAndGet();
                    try {
                        String job = ((TextMessage) m).getText();
                        if (!cfg.time.simulated()) {
                            Thread.sleep(cfg.jobWork.toMillis()); // resize the thumbnail…
                        }
                        m.acknowledge();
                        processed.merge(job, 1, Integer::sum);
                        processedCount.incrementAndGet();
                    } finally {
                        busy.decrementAndGet();
                    }
                }
            } catch (Throwable e) {
                if (!stopping) {
                    errors.add(e);
                    cfg.out.println("  ! " + name + " failed: " + e);
                }
            } finally {
                try {
                    connection.close();
                } catch (JMSException ignored) {
                    // gone anyway
                }
            }
        }

        /** Asks the worker to stop after its current job. */
        void stop() {
            stopping = true;
            try {
                consumer.close(); // ends a blocked receive
            } catch (JMSException ignored) {
                // stopping anyway
            }
        }
    }

    public Result run() throws Exception {
        PrintStream out = cfg.out;
        String url = cfg.url != null ? cfg.url : Stores.h2Url(cfg.dataDir);
        if (cfg.url == null) {
            Stores.prepareDataDir(cfg.dataDir);
        }
        factory = Stores.factory(url, cfg.time);
        factory.setPrefetch(1); // a stopping worker holds no messages it has not started on
        Stores.dropQueues(factory, List.of(QUEUE));
        Broker admin = factory.getBroker();
        admin.createQueue(QUEUE, Map.of());
        out.printf("Jaqs autoscaling workers%n  store    %s%n  policy   workers = ceil(ApproximateNumberOfMessages / %d), "
                        + "%d…%d; down by one after %d ticks of surplus%n  traffic  %d jobs/tick, a spike of %,d at tick %d, "
                        + "quiet after tick %d; a job takes %d ms%n%n", url, cfg.backlogPerWorker, cfg.minWorkers, cfg.maxWorkers,
                cfg.cooldownTicks, cfg.baselinePerTick, cfg.spike, cfg.spikeAtTick, cfg.trafficTicks, cfg.jobWork.toMillis());
        out.printf("  %5s  %6s  %6s  %7s%n", cfg.time.simulated() ? "tick" : "t (s)", "depth", "done", "workers");

        List<Sample> timeline = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int maxPool = 0;
        int surplusTicks = 0;
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(Session.SESSION_TRANSACTED);
            MessageProducer producer = s.createProducer(s.createQueue(QUEUE));
            scaleTo(cfg.minWorkers);
            for (int tick = 0; tick < cfg.maxTicks; tick++) {
                // traffic of this tick, committed at once (a spike arrives as one burst)
                int n = (tick < cfg.trafficTicks ? cfg.baselinePerTick : 0) + (tick == cfg.spikeAtTick ? cfg.spike : 0);
                for (int i = 0; i < n; i++) {
                    producer.send(s.createTextMessage("job-" + (++sent)));
                }
                s.commit();

                long depth = Long.parseLong(admin.getQueueAttributes(QUEUE, List.of("ApproximateNumberOfMessages"))
                        .get("ApproximateNumberOfMessages"));
                int wanted = (int) Math.max(cfg.minWorkers, Math.min(cfg.maxWorkers,
                        (depth + cfg.backlogPerWorker - 1) / cfg.backlogPerWorker));
                if (wanted > pool.size()) {
                    scaleTo(wanted);
                    surplusTicks = 0;
                } else if (wanted < pool.size()) {
                    if (++surplusTicks >= cfg.cooldownTicks) {
                        scaleTo(pool.size() - 1);
                    }
                } else {
                    surplusTicks = 0;
                }
                maxPool = Math.max(maxPool, pool.size());
                int doneNow = processedCount.get();
                int doneInTick = doneNow - (timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).processed());
                timeline.add(new Sample(tick, depth, pool.size(), doneNow));
                out.printf("  %5d  %6d  %6d  %7d  %s%n", tick * cfg.tick.toSeconds(), depth, doneInTick, pool.size(),
                        "█".repeat(pool.size()));
                out.flush();
                if (tick >= cfg.trafficTicks && depth == 0 && busy.get() == 0 && processedCount.get() >= sent
                        && pool.size() == cfg.minWorkers) {
                    break;
                }
                cfg.time.pass(cfg.tick);
                if (cfg.time.simulated()) {
                    awaitTickWork(admin);
                }
                for (Worker w : pool) {
                    w.refill();
                }
            }
            scaleTo(0);
        }

        int twice = (int) processed.values().stream().filter(v -> v > 1).count();
        int finalPool = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).workers();
        if (processed.size() != sent) {
            failures.add(processed.size() + " of " + sent + " jobs processed");
        }
        if (twice != 0) {
            failures.add(twice + " jobs processed twice");
        }
        if (maxPool <= cfg.minWorkers) {
            failures.add("the pool never grew beyond " + cfg.minWorkers);
        }
        if (finalPool != cfg.minWorkers) {
            failures.add("the pool ended at " + finalPool + " workers, not " + cfg.minWorkers);
        }
        if (!errors.isEmpty()) {
            failures.add(errors.size() + " worker errors, first: " + errors.get(0));
        }
        out.printf("%n  autoscale: %,d jobs sent, %,d processed (%d twice), pool grew %d → %d and shrank back to %d%n",
                sent, processed.size(), twice, cfg.minWorkers, maxPool, finalPool);
        for (String f : failures) {
            out.println("CHECK FAILED: " + f);
        }
        return new Result(sent, processed.size(), twice, maxPool, finalPool, timeline, failures);
    }

    private void scaleTo(int n) throws Exception {
        while (pool.size() < n) {
            Worker w = new Worker();
            w.start();
            pool.add(w);
        }
        while (pool.size() > n) {
            Worker w = pool.remove(pool.size() - 1);
            w.stop();
            w.thread.join(TimeUnit.SECONDS.toMillis(5)); // it ends after its current job
        }
    }

    /**
     * Simulated time only: waits (bounded) until the pool has used this tick's capacity or has no
     * work left, so that each simulated tick sees as much work done as a real one would.
     */
    private void awaitTickWork(Broker admin) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean capacityUsed = pool.stream().allMatch(w -> w.budget.availablePermits() == 0);
            boolean idle = busy.get() == 0 && admin.approximateCounts(QUEUE).visible() == 0
                    && admin.approximateCounts(QUEUE).notVisible() == 0;
            if ((capacityUsed && busy.get() == 0) || idle) {
                return;
            }
            Thread.sleep(2);
        }
    }
}
