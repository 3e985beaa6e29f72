package io.jaqs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads. Each runs a warm-up round and then {@link Settings#rounds} measured rounds; a round
 * stops at its message count or its time bound, whichever comes first, and says which. msgs/s is
 * the messages of the measured rounds over their time; p50/p99 are over the measured rounds'
 * samples (what a sample is depends on the workload, see {@link #LATENCY_MEANING}).
 */
final class Workloads {
    static final List<String> ALL = List.of("send-1p", "send-8p", "receive-ack-1c", "receive-ack-4c", "tx-send-100",
            "tx-receive-100", "fifo-100g", "fifo-100g-1c", "fanout-10", "cycle-8t", "latency", "depth-0", "depth-100k", "depth-1m");

    static final Map<String, String> LATENCY_MEANING = Map.ofEntries(
            Map.entry("send-1p", "one send() call"),
            Map.entry("send-8p", "one send() call"),
            Map.entry("receive-ack-1c", "one receive() + acknowledge()"),
            Map.entry("receive-ack-4c", "one receive() + acknowledge()"),
            Map.entry("tx-send-100", "a batch: 100 send() + commit()"),
            Map.entry("tx-receive-100", "a batch: 100 receive() + commit()"),
            Map.entry("fifo-100g", "one receive() + acknowledge()"),
            Map.entry("fifo-100g-1c", "one receive() + acknowledge()"),
            Map.entry("fanout-10", "end to end, publish to each subscriber's receive"),
            Map.entry("cycle-8t", "one send() + receive() + acknowledge() on one thread"),
            Map.entry("latency", "end to end, scheduled send time to receive"),
            Map.entry("depth-0", "one receive() + acknowledge()"),
            Map.entry("depth-100k", "one receive() + acknowledge()"),
            Map.entry("depth-1m", "one receive() + acknowledge()"));

    private final Settings s;

    Workloads(Settings s) {
        this.s = s;
    }

    /** One round's outcome. */
    record Round(long ops, long nanos, Latencies lat, String stop) {
    }

    /** A workload's outcome; rate NaN with a note when it did not run. */
    record Result(String workload, String system, String durability, double rate, double p50, double p99, String note) {
        boolean ran() {
            return !Double.isNaN(rate);
        }
    }

    interface RoundBody {
        Round run(int index, boolean warmup) throws Exception;
    }

    static Result na(String workload, Driver d, String why) {
        return new Result(workload, d.system(), d.durability(), Double.NaN, Double.NaN, Double.NaN, why);
    }

    private long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    /** Depth state of a system's depth queue, carried from depth-0 to depth-1m. */
    private long depthHave;
    private String depthQueue;
    private String depthBlocked;

    void reset() {
        depthHave = 0;
        depthQueue = null;
        depthBlocked = null;
    }

    Result run(String w, Driver d) throws Exception {
        String why = d.unsupported(w);
        if (why != null) {
            return na(w, d, why);
        }
        return switch (w) {
            case "send-1p" -> send(w, d, 1, false);
            case "send-8p" -> send(w, d, 8, false);
            case "tx-send-100" -> send(w, d, 1, true);
            case "receive-ack-1c" -> receive(w, d, 1, false, false);
            case "receive-ack-4c" -> receive(w, d, 4, false, false);
            case "tx-receive-100" -> receive(w, d, 1, true, false);
            case "fifo-100g" -> receive(w, d, 4, false, true);
            case "fifo-100g-1c" -> receive(w, d, 1, false, true); // how FIFO groups scale from 1 to 4 consumers
            case "fanout-10" -> fanout(w, d, 10);
            case "cycle-8t" -> cycle(w, d, 8);
            case "latency" -> latency(w, d);
            case "depth-0" -> depth(w, d, s.depths.get(0));
            case "depth-100k" -> depth(w, d, s.depths.get(1));
            case "depth-1m" -> depth(w, d, s.depths.get(2));
            default -> throw new IllegalArgumentException("unknown workload " + w);
        };
    }

    /**
     * Untimed warm-up of a system before its first workload, the same for every system: one
     * producer and one consumer (receive + ack each) on a queue of its own for {@code seconds}, so
     * that no system's first workload measures its JIT compiler.
     */
    void warmUpSystem(Driver d, double seconds) throws Exception {
        String q = d.queue("bench-warmup", false);
        long end = System.nanoTime() + nanos(seconds);
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Parallel.run(2, t -> {
            if (t == 0) {
                try (Driver.Producer p = d.producer(q, false)) {
                    while (System.nanoTime() < end) {
                        p.send(Bodies.PLAIN, null, null);
                        sent.incrementAndGet();
                    }
                }
            } else {
                try (Driver.Consumer c = d.consumer(q, false)) {
                    while (System.nanoTime() < end) {
                        if (c.receive(100) != null) {
                            c.ack();
                            received.incrementAndGet();
                        }
                    }
                }
            }
        });
        System.out.printf(Locale.ROOT, "  (system warm-up, not measured: %,d sent and %,d received + acknowledged in %.0f s)%n",
                sent.get(), received.get(), seconds);
    }

    // ---- phase: warm-up + rounds

    private Result phase(String w, Driver d, String extraNote, RoundBody body) throws Exception {
        long phaseStart = System.nanoTime();
        Round warm = body.run(0, true);
        if (warm == null) {
            return na(w, d, extraNote);
        }
        long ops = 0;
        long nanos = 0;
        Latencies lat = new Latencies();
        List<String> stops = new ArrayList<>();
        for (int r = 1; r <= s.rounds; r++) {
            Round round = body.run(r, false);
            if (round == null) {
                return na(w, d, extraNote);
            }
            ops += round.ops;
            nanos += round.nanos;
            lat.addAll(round.lat);
            stops.add(String.format(Locale.ROOT, "%,d in %.2f s%s", round.ops, round.nanos / 1e9,
                    round.stop == null ? "" : " (" + round.stop + ")"));
        }
        double rate = nanos == 0 ? 0 : ops * 1e9 / nanos;
        String note = (extraNote == null ? "" : extraNote + "; ") + "rounds: " + String.join(", ", stops);
        System.out.printf(Locale.ROOT, "  %-15s %-26s %11s msg/s  p50 %8s ms  p99 %8s ms   warm-up %,d in %.2f s%s; %s; phase %.1f s%n",
                w, d.label(), Report.rate(rate), Report.ms(lat.percentileMillis(0.5)), Report.ms(lat.percentileMillis(0.99)),
                warm.ops, warm.nanos / 1e9, warm.stop == null ? "" : " (" + warm.stop + ")", note,
                (System.nanoTime() - phaseStart) / 1e9);
        return new Result(w, d.system(), d.durability(), rate, lat.percentileMillis(0.5), lat.percentileMillis(0.99), note);
    }

    /** Shared by the threads of one round: start and end times, the time bound, a count to claim from. */
    private static final class Clock {
        final long bound;
        volatile long start;
        final AtomicLong end = new AtomicLong();
        final AtomicBoolean timedOut = new AtomicBoolean();

        /** {@code barrier[0]} gets the barrier the threads meet at; passing it records the start. */
        Clock(long boundNanos, int threads, CyclicBarrier[] barrier) {
            barrier[0] = new CyclicBarrier(threads, () -> start = System.nanoTime());
            this.bound = boundNanos;
        }

        boolean expired(long now) {
            if (now - start >= bound) {
                timedOut.set(true);
                return true;
            }
            return false;
        }

        void finished(long t) {
            end.accumulateAndGet(t, Math::max);
        }

        long elapsed() {
            long e = end.get();
            return e == 0 ? 0 : e - start;
        }
    }

    // ---- send workloads

    private Result send(String w, Driver d, int threads, boolean tx) throws Exception {
        String q = d.queue("bench-" + w, false);
        List<Driver.Producer> producers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                producers.add(d.producer(q, tx));
            }
            int batch = tx ? 100 : 1;
            return phase(w, d, null, (r, warm) -> {
                long count = warm ? s.roundCap : s.roundCap;
                long bound = nanos(warm ? s.warmupSeconds : s.roundSeconds);
                AtomicLong left = new AtomicLong(count);
                AtomicLong done = new AtomicLong();
                Latencies all = new Latencies();
                CyclicBarrier[] barrier = new CyclicBarrier[1];
                Clock clock = new Clock(bound, threads, barrier);
                Parallel.run(threads, t -> {
                    Driver.Producer p = producers.get(t);
                    Latencies lat = new Latencies();
                    barrier[0].await();
                    long now = System.nanoTime();
                    while (!clock.expired(now) && left.getAndAdd(-batch) > 0) {
                        for (int i = 0; i < batch; i++) {
                            p.send(Bodies.PLAIN, null, null);
                        }
                        if (tx) {
                            p.commit();
                        }
                        long after = System.nanoTime();
                        lat.add(after - now);
                        done.addAndGet(batch);
                        clock.finished(after);
                        now = after;
                    }
                    all.addAll(lat);
                });
                return new Round(done.get(), clock.elapsed(), all, clock.timedOut.get() ? stopNote(bound) : null);
            });
        } finally {
            for (Driver.Producer p : producers) {
                p.close();
            }
        }
    }

    private static String stopNote(long bound) {
        return String.format(Locale.ROOT, "stopped early at the %.1f s bound", bound / 1e9);
    }

    // ---- receive workloads

    /** Sizes a measured round's prefill from the warm-up round's rate. */
    private long sizeFromRate(double ratePerSecond) {
        long want = (long) (ratePerSecond * s.roundSeconds * 2.0);
        return Math.max(500, Math.min(s.roundCap, want));
    }

    private Result receive(String w, Driver d, int consumers, boolean tx, boolean fifo) throws Exception {
        double[] warmRate = {0};
        long[] orderViolations = {0};
        Result res = phase(w, d, null, (r, warm) -> {
            String q = d.queue("bench-" + w.replace("-100g", "") + "-" + r, fifo);
            long n = warm ? s.warmupPrefill : sizeFromRate(warmRate[0]);
            long filled = prefill(d, q, fifo, n, s.prefillSeconds);
            Round round = consume(d, q, consumers, tx, filled, nanos(warm ? s.warmupSeconds : s.roundSeconds), fifo,
                    orderViolations);
            if (warm) {
                warmRate[0] = round.nanos == 0 ? 0 : round.ops * 1e9 / round.nanos;
            }
            return round;
        });
        if (fifo && orderViolations[0] > 0) {
            System.out.printf(Locale.ROOT, "  !! %s on %s: %,d messages out of group order%n", w, d.label(), orderViolations[0]);
            return new Result(res.workload(), res.system(), res.durability(), res.rate(), res.p50(), res.p99(),
                    res.note() + "; " + orderViolations[0] + " OUT OF GROUP ORDER");
        }
        return res;
    }

    /**
     * Each of {@code threads} threads sends a message, receives one and acknowledges it, over and
     * over, on one queue: the whole life of a message, with the queue near empty so that consumers
     * wait for sends (long polls). Besides the rate it reports the CPU each message cost: the JVM's
     * (client, broker and, for an embedded store, the database) and, for a database outside the
     * JVM, the database's ({@link Driver#databaseCpuNanos}).
     */
    private Result cycle(String w, Driver d, int threads) throws Exception {
        String q = d.queue("bench-" + w, false);
        long[] cpu = new long[2]; // JVM, database: over the measured rounds
        long[] messages = new long[1];
        Result res = phase(w, d, null, (r, warm) -> {
            // a warm-up as long as a round: the CPU figures should not include the JIT compiling the paths
            long bound = nanos(warm ? Math.max(s.warmupSeconds, s.roundSeconds) : s.roundSeconds);
            AtomicLong done = new AtomicLong();
            Latencies all = new Latencies();
            CyclicBarrier[] barrier = new CyclicBarrier[1];
            Clock clock = new Clock(bound, threads, barrier);
            long jvm0 = Cpu.processNanos();
            long db0 = d.databaseCpuNanos();
            Parallel.run(threads, t -> {
                Latencies lat = new Latencies();
                barrier[0].await();
                try (Driver.Producer p = d.producer(q, false); Driver.Consumer c = d.consumer(q, false)) {
                    long now = System.nanoTime();
                    while (!clock.expired(now) && done.get() < s.roundCap) {
                        p.send(Bodies.PLAIN, null, null);
                        if (c.receive(s.receiveTimeoutMillis) == null) {
                            break;
                        }
                        c.ack();
                        long after = System.nanoTime();
                        lat.add(after - now);
                        done.incrementAndGet();
                        clock.finished(after);
                        now = after;
                    }
                }
                all.addAll(lat);
            });
            if (!warm) {
                cpu[0] += Cpu.processNanos() - jvm0;
                long db1 = d.databaseCpuNanos();
                cpu[1] = db0 < 0 || db1 < 0 || cpu[1] < 0 ? -1 : cpu[1] + db1 - db0;
                messages[0] += done.get();
            }
            return new Round(done.get(), clock.elapsed(), all, clock.timedOut.get() ? stopNote(bound) : null);
        });
        if (!res.ran() || messages[0] == 0) {
            return res;
        }
        String cpuNote = String.format(Locale.ROOT, "CPU per message: JVM %,.0f us%s", cpu[0] / 1e3 / messages[0],
                cpu[1] < 0 ? "" : String.format(Locale.ROOT, ", database %,.0f us", cpu[1] / 1e3 / messages[0]));
        System.out.printf(Locale.ROOT, "  %-15s %-26s %s%n", "", "", cpuNote);
        return new Result(res.workload(), res.system(), res.durability(), res.rate(), res.p50(), res.p99(),
                cpuNote + "; " + res.note());
    }

    private long prefill(Driver d, String q, boolean fifo, long n, double seconds) throws Exception {
        long t0 = System.nanoTime();
        long got = d.prefill(q, fifo, n, t0 + nanos(seconds));
        if (got < n) {
            System.out.printf(Locale.ROOT, "  (prefill of %s stopped at its %.0f s bound: %,d of %,d)%n", q, seconds, got, n);
        }
        return got;
    }

    /** Consumers take up to {@code count} messages (ack each, or commit per 100) until the bound; returns the round. */
    private Round consume(Driver d, String q, int consumers, boolean tx, long count, long bound, boolean fifo,
            long[] orderViolations) throws Exception {
        AtomicLong left = new AtomicLong(count);
        AtomicLong done = new AtomicLong();
        Latencies all = new Latencies();
        Map<Long, Long> lastSeq = new ConcurrentHashMap<>();
        AtomicLong violations = new AtomicLong();
        CyclicBarrier[] barrier = new CyclicBarrier[1];
        Clock clock = new Clock(bound, consumers, barrier);
        Parallel.run(consumers, t -> {
            Latencies lat = new Latencies();
            barrier[0].await();
            try (Driver.Consumer c = d.consumer(q, tx)) {
                long now = System.nanoTime();
                outer:
                while (!clock.expired(now) && left.get() > 0) {
                    int got = 0;
                    int want = tx ? 100 : 1;
                    while (got < want) {
                        String body = c.receive(s.receiveTimeoutMillis);
                        if (body == null) {
                            break;
                        }
                        got++;
                        if (fifo) {
                            long[] key = Bodies.fifoKey(body);
                            Long prev = lastSeq.put(key[0], key[1]);
                            if (prev == null ? key[1] != 0 : key[1] != prev + 1) {
                                violations.incrementAndGet();
                            }
                        }
                        if (!tx) {
                            c.ack();
                        }
                    }
                    if (got == 0) {
                        break;
                    }
                    if (tx) {
                        c.commit();
                    }
                    long after = System.nanoTime();
                    lat.add(after - now);
                    done.addAndGet(got);
                    left.addAndGet(-got);
                    clock.finished(after);
                    now = after;
                    if (got < want) {
                        break outer;
                    }
                }
            }
            all.addAll(lat);
        });
        orderViolations[0] += violations.get();
        String stop = clock.timedOut.get() ? stopNote(bound) : null;
        return new Round(done.get(), clock.elapsed(), all, stop);
    }

    // ---- depth

    private Result depth(String w, Driver d, long depth) throws Exception {
        if (depthBlocked != null) {
            return na(w, d, depthBlocked);
        }
        if (depthQueue == null) {
            depthQueue = d.queue("bench-depth", false);
            depthHave = 0;
        }
        double[] warmRate = {0};
        long[] startDepth = {0};
        String depthNote = String.format(Locale.ROOT, "queue depth %,d", depth);
        Result res = phase(w, d, depthNote, (r, warm) -> {
            long m = warm ? s.warmupPrefill : sizeFromRate(warmRate[0]);
            long need = depth + m - depthHave;
            if (need > 0) {
                long t0 = System.nanoTime();
                double cap = warm ? s.depthPrefillSeconds : s.prefillSeconds;
                long deadline = t0 + nanos(cap);
                long got = 0;
                String why = null;
                // in steps, so that a prefill that cannot finish within its bound stops as soon as that is clear
                long step = Math.max(10_000, need / 20);
                while (got < need && System.nanoTime() < deadline) {
                    got += d.prefill(depthQueue, false, Math.min(step, need - got), deadline);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double rate = got / secs;
                    if (got < need && secs >= 5 && rate * cap < need) {
                        why = String.format(Locale.ROOT, "n/a (prefill would exceed %.0f s: %,.0f msg/s, %,d messages need %.0f s)",
                                cap, rate, need, need / rate);
                        break;
                    }
                }
                depthHave += got;
                double secs = (System.nanoTime() - t0) / 1e9;
                if (warm && need > 10_000) {
                    System.out.printf(Locale.ROOT, "  (%s: prefilled %,d in %.1f s, %,.0f msg/s)%n", w, got, secs, got / secs);
                }
                if (got < need) {
                    depthBlocked = why != null ? why : String.format(Locale.ROOT, "n/a (prefill exceeded %.0f s)", cap);
                    System.out.printf(Locale.ROOT, "  %-15s %-26s %s: %,d of %,d messages in %.0f s%n", w, d.label(), depthBlocked,
                            got, need, secs);
                    return null;
                }
            }
            if (!warm && r == 1) {
                startDepth[0] = depthHave;
            }
            Round round = consume(d, depthQueue, 1, false, m, nanos(warm ? s.warmupSeconds : s.roundSeconds), false,
                    new long[1]);
            depthHave -= round.ops();
            if (warm) {
                warmRate[0] = round.nanos == 0 ? 0 : round.ops * 1e9 / round.nanos;
            }
            return round;
        });
        return depthBlocked != null ? na(w, d, depthBlocked) : res;
    }

    // ---- fan-out

    private Result fanout(String w, Driver d, int subs) throws Exception {
        return phase(w, d, null, (r, warm) -> {
            Driver.FanOut f;
            try {
                f = d.fanout("bench-fanout-" + r, subs);
            } catch (Exception | Error e) {
                if (r == 0) {
                    throw new NotAvailable(e);
                }
                throw e;
            }
            try {
                long bound = nanos(warm ? s.warmupSeconds : s.roundSeconds);
                long count = s.roundCap;
                AtomicLong published = new AtomicLong();
                AtomicBoolean publishing = new AtomicBoolean(true);
                AtomicLong deliveries = new AtomicLong();
                Latencies all = new Latencies();
                CyclicBarrier[] barrier = new CyclicBarrier[1];
                Clock clock = new Clock(bound, subs + 1, barrier);
                AtomicBoolean lateStop = new AtomicBoolean();
                Parallel.run(subs + 1, t -> {
                    Latencies lat = new Latencies();
                    barrier[0].await();
                    if (t == subs) {
                        Driver.Producer p = f.publisher();
                        long now = System.nanoTime();
                        try {
                            while (!clock.expired(now) && published.get() < count) {
                                p.send(Bodies.stamped(now), null, null);
                                published.incrementAndGet();
                                now = System.nanoTime();
                            }
                        } finally {
                            publishing.set(false);
                        }
                        return;
                    }
                    Driver.Consumer c = f.subscribers().get(t);
                    long got = 0;
                    long grace = Long.MAX_VALUE;
                    while (publishing.get() || got < published.get()) {
                        String body = c.receive(s.receiveTimeoutMillis);
                        long now = System.nanoTime();
                        if (body == null) {
                            if (!publishing.get()) {
                                if (grace == Long.MAX_VALUE) {
                                    grace = now + nanos(5);
                                } else if (now > grace) {
                                    lateStop.set(true);
                                    break;
                                }
                            }
                            continue;
                        }
                        c.ack();
                        got++;
                        lat.add(now - Bodies.stamp(body));
                        clock.finished(now);
                    }
                    deliveries.addAndGet(got);
                    all.addAll(lat);
                });
                String stop = clock.timedOut.get() ? stopNote(bound) : null;
                if (lateStop.get()) {
                    stop = (stop == null ? "" : stop + "; ") + "some subscribers still short 5 s after the last publish";
                }
                return new Round(deliveries.get() / subs, clock.elapsed(), all, stop);
            } finally {
                f.close();
            }
        });
    }

    /** The system does not offer what a workload needs (yet): reported as n/a. */
    static final class NotAvailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAvailable(Throwable cause) {
            super(cause);
        }
    }

    // ---- latency at a fixed offered rate

    private Result latency(String w, Driver d) throws Exception {
        return phase(w, d, String.format(Locale.ROOT, "offered %d msg/s", s.latencyRate), (r, warm) -> {
            String q = d.queue("bench-latency-" + r, false);
            long bound = nanos(warm ? s.warmupSeconds : s.latencyRoundSeconds());
            long count = Math.max(1, bound * s.latencyRate / 1_000_000_000L);
            long interval = 1_000_000_000L / s.latencyRate;
            AtomicLong sent = new AtomicLong();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong received = new AtomicLong();
            Latencies all = new Latencies();
            CyclicBarrier[] barrier = new CyclicBarrier[1];
            Clock clock = new Clock(bound + nanos(5), 2, barrier);
            Driver.Producer p = d.producer(q, false);
            Driver.Consumer c = d.consumer(q, false);
            try {
                Parallel.run(2, t -> {
                    barrier[0].await();
                    long start = clock.start;
                    if (t == 0) {
                        try {
                            for (long i = 0; i < count; i++) {
                                long due = start + i * interval;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                                p.send(Bodies.stamped(due), null, null); // stamped with the scheduled time: no coordinated omission
                                sent.incrementAndGet();
                                if (clock.expired(System.nanoTime())) {
                                    break;
                                }
                            }
                        } finally {
                            sending.set(false);
                        }
                        return;
                    }
                    Latencies lat = new Latencies();
                    long got = 0;
                    while (sending.get() || got < sent.get()) {
                        String body = c.receive(s.receiveTimeoutMillis);
                        long now = System.nanoTime();
                        if (body == null) {
                            if (clock.expired(now)) {
                                break;
                            }
                            continue;
                        }
                        c.ack();
                        got++;
                        lat.add(now - Bodies.stamp(body));
                        clock.finished(now);
                    }
                    received.set(got);
                    all.addAll(lat);
                });
            } finally {
                p.close();
                c.close();
            }
            String stop = received.get() < count ? String.format(Locale.ROOT, "only %,d of %,d offered arrived in time",
                    received.get(), count) : null;
            return new Round(received.get(), clock.elapsed(), all, stop);
        });
    }
}
