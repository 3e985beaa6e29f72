package io.jaqs.bench;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded store's disk footprint over a user's day, sampled every 5 s (bench/run --footprint):
 * steady load (4 producers + 4 consumers, 1 KiB PERSISTENT messages, AUTO_ACKNOWLEDGE, queue near
 * empty), a fill of 100,000 messages, a drain, idle, a clean close and a reopen. Each sample is
 * checked against the bound Jaqs promises: the {@code .mv.db} file at most 2 × the live data +
 * 64 MiB, where live data is the messages in the queue × their 1 KiB body; the bound applies to
 * every sample after the first minute. Not a timed test: a measurement, printed as a table and
 * written to footprint.md, footprint.csv and footprint.svg under the output directory.
 */
public final class Footprint {
    static final int BODY = 1024;
    static final long SLACK = 64L << 20;
    static final int THREADS = 4;

    private final Path dir;
    private final String url;
    private final Path file;
    private final long loadSeconds;
    private final int fill;
    private final long idleSeconds;
    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.nanoTime();
    /** Seconds since the start when the drain ended and the idle phase began. */
    private volatile double idleStart = -1;
    private volatile String phase = "start";
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private JaqsConnectionFactory factory;

    record Sample(double seconds, String phase, long fileBytes, long messages, long sent, long received) {
        long bound() {
            return 2L * messages * BODY + SLACK;
        }
    }

    private Footprint(Path dir, String settings, long loadSeconds, int fill, long idleSeconds) {
        this.dir = dir;
        this.url = "jdbc:h2:file:" + dir.resolve("footprint").toAbsolutePath() + settings;
        this.file = dir.resolve("footprint.mv.db");
        this.loadSeconds = loadSeconds;
        this.fill = fill;
        this.idleSeconds = idleSeconds;
    }

    /** bench/run --footprint [--quick] [--h2-settings ';SETTING=..'] [--out DIR] */
    static void main(List<String> args) throws Exception {
        Path out = Paths.get("bench/target");
        String settings = "";
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--quick" -> quick = true;
                case "--h2-settings" -> settings = args.get(++i);
                case "--out" -> out = Paths.get(args.get(++i));
                default -> throw new IllegalArgumentException("unknown footprint option " + args.get(i)
                        + "; options: --quick, --h2-settings ';KEY=VALUE...', --out DIR");
            }
        }
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory(out, "footprint-");
        Footprint f = quick ? new Footprint(dir, settings, 30, 20_000, 20) : new Footprint(dir, settings, 180, 100_000, 60);
        try {
            f.run();
        } finally {
            deleteTree(dir);
        }
        f.report(out, settings);
    }

    private void run() throws Exception {
        factory = new JaqsConnectionFactory(url);
        Queue q;
        ExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "footprint-sampler"));
        ((java.util.concurrent.ScheduledExecutorService) sampler).scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
        try (Connection c = factory.createConnection()) {
            q = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createQueue("footprint");
            // 1. steady load: producers and consumers together, the queue near empty
            phase = "load";
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS, r -> daemon(r, "footprint-worker"));
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                work.add(pool.submit(() -> produce(q, stop, Long.MAX_VALUE)));
                work.add(pool.submit(() -> consume(q, stop)));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(loadSeconds));
            stop.set(true);
            await(work);
            // 2. fill: producers only
            phase = "fill";
            stop.set(false);
            work.clear();
            long target = claimed.get() + fill;
            for (int i = 0; i < THREADS; i++) {
                work.add(pool.submit(() -> produce(q, stop, target)));
            }
            await(work);
            // 3. drain: consumers only, until the queue is empty
            phase = "drain";
            work.clear();
            for (int i = 0; i < THREADS; i++) {
                work.add(pool.submit(() -> consume(q, stop)));
            }
            while (messages() > 0) {
                Thread.sleep(200);
            }
            stop.set(true);
            await(work);
            pool.shutdown();
            // 4. idle, the application still running
            phase = "idle";
            idleStart = (System.nanoTime() - start) / 1e9;
            record("idle", messages());
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        }
        // 5. a clean close, then a reopen
        sampler.shutdown();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        phase = "closed";
        BrokerRegistry.shutdown(url); // Jaqs's clean close
        record("closed", 0);
        factory = new JaqsConnectionFactory(url);
        try (Connection c = factory.createConnection()) {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).createQueue("footprint");
            record("reopened", messages());
        }
        BrokerRegistry.shutdown(url);
        record("reopened+closed", 0);
    }

    private void produce(Queue q, AtomicBoolean stop, long upTo) {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            byte[] body = new byte[BODY];
            new java.util.Random(42).nextBytes(body);
            while (!stop.get() && claimed.getAndIncrement() < upTo) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(body);
                p.send(m);
                sent.incrementAndGet();
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private void consume(Queue q, AtomicBoolean stop) {
        try (Connection c = factory.createConnection()) {
            c.start();
            MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            while (!stop.get()) {
                Message m = consumer.receive(200);
                if (m != null) {
                    received.incrementAndGet();
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private long messages() {
        try {
            var counts = factory.getBroker().approximateCounts("footprint");
            return counts.visible() + counts.notVisible() + counts.delayed();
        } catch (RuntimeException | JMSException e) {
            return -1;
        }
    }

    private void sample() {
        try {
            record(phase, messages());
        } catch (RuntimeException e) {
            System.err.println("sample failed: " + e);
        }
    }

    private synchronized void record(String phase, long messages) {
        long size;
        try {
            size = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            size = -1;
        }
        Sample s = new Sample((System.nanoTime() - start) / 1e9, phase, size, messages, sent.get(), received.get());
        samples.add(s);
        System.out.println(row(s));
    }

    private String row(Sample s) {
        boolean checked = s.seconds() >= 60;
        String verdict = !checked ? "(first minute)" : s.fileBytes() <= s.bound() ? "within" : "OVER";
        return String.format(Locale.ROOT, "| %6.0f | %-15s | %9.1f | %9d | %9.1f | %-14s | %10d | %10d |", s.seconds(), s.phase(),
                mib(s.fileBytes()), s.messages(), mib(s.bound()), verdict, s.sent(), s.received());
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private void report(Path out, String settings) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Embedded H2 store footprint\n\n");
        md.append("Store URL settings: `").append(settings.isEmpty() ? "(Jaqs defaults)" : settings).append("`; ")
                .append(THREADS).append(" producers + ").append(THREADS).append(" consumers, ").append(BODY)
                .append("-byte PERSISTENT messages, AUTO_ACKNOWLEDGE; load ").append(loadSeconds).append(" s, fill ")
                .append(fill).append(", drain, idle ").append(idleSeconds).append(" s, close, reopen.\n");
        md.append("Bound: file <= 2 x live data (messages x ").append(BODY).append(" B) + 64 MiB, at every sample after the first minute.\n\n");
        md.append("| t (s) | phase | file (MiB) | messages | bound (MiB) | verdict | sent | received |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        long over = 0;
        long checked = 0;
        double maxFile = 0;
        for (Sample s : samples) {
            md.append(row(s)).append('\n');
            if (s.seconds() >= 60 && !s.phase().startsWith("closed") && !s.phase().startsWith("reopened")) {
                checked++;
                over += s.fileBytes() > s.bound() ? 1 : 0;
            }
            maxFile = Math.max(maxFile, mib(s.fileBytes()));
        }
        String backWithin = "the file never came back within the bound while idle";
        for (Sample s : samples) {
            if (s.phase().equals("idle") && s.fileBytes() <= s.bound()) {
                backWithin = String.format(Locale.ROOT, "idle: within the bound %.0f s after the drain ended (%.1f MiB)",
                        s.seconds() - idleStart, mib(s.fileBytes()));
                break;
            }
        }
        String verdict = String.format(Locale.ROOT, "%d of %d samples after the first minute over the bound; largest file %.1f MiB; %s",
                over, checked, maxFile, backWithin);
        md.append('\n').append(verdict).append('\n');
        Files.writeString(out.resolve("footprint.md"), md);
        StringBuilder csv = new StringBuilder("seconds,phase,file_bytes,messages,bound_bytes,sent,received\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%s,%d,%d,%d,%d,%d%n", s.seconds(), s.phase(), s.fileBytes(), s.messages(),
                    s.bound(), s.sent(), s.received()));
        }
        Files.writeString(out.resolve("footprint.csv"), csv);
        Files.writeString(out.resolve("footprint.svg"), svg());
        System.out.println();
        System.out.println(verdict);
        System.out.println("written: " + out.resolve("footprint.md") + ", footprint.csv, footprint.svg");
    }

    /** A line chart: file size and bound (MiB) over time, one shaded band per phase. */
    private String svg() {
        int w = 900;
        int h = 420;
        int left = 70;
        int right = 20;
        int top = 30;
        int bottom = 50;
        double tMax = 1;
        double yMax = 1;
        for (Sample s : samples) {
            tMax = Math.max(tMax, s.seconds());
            yMax = Math.max(yMax, Math.max(mib(s.fileBytes()), mib(s.bound())));
        }
        yMax *= 1.1;
        double tm = tMax;
        double ym = yMax;
        java.util.function.DoubleUnaryOperator x = t -> left + t / tm * (w - left - right);
        java.util.function.DoubleUnaryOperator y = v -> top + (1 - v / ym) * (h - top - bottom);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        String[] colors = {"#eef5ff", "#fff4e5", "#eefaf0", "#f5f5f5", "#fbeefa"};
        String current = null;
        double from = 0;
        int band = 0;
        for (int i = 0; i <= samples.size(); i++) {
            String p = i < samples.size() ? samples.get(i).phase() : null;
            if (current != null && !current.equals(p)) {
                double to = i < samples.size() ? samples.get(i).seconds() : tMax;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", x.applyAsDouble(from), top,
                        Math.max(1, x.applyAsDouble(to) - x.applyAsDouble(from)), h - top - bottom, colors[band++ % colors.length]));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>%n", x.applyAsDouble(from) + 3, top + 14, current));
                from = to;
            }
            if (current == null || !current.equals(p)) {
                current = p;
                if (i < samples.size()) {
                    from = samples.get(i).seconds();
                }
            }
        }
        b.append(polyline(x, y, true, "#c0392b", "4 3"));
        b.append(polyline(x, y, false, "#1f77b4", null));
        for (int i = 0; i <= 5; i++) {
            double v = ym * i / 5;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left - 6, y.applyAsDouble(v) + 4, v));
            double t = tm * i / 5;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>%n", x.applyAsDouble(t), h - bottom + 18, t));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, h - bottom, w - right, h - bottom));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, h - bottom));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">MiB</text>%n", 10, top - 10));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">file (.mv.db)</text>%n", left + 10, h - 10));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#c0392b\">bound: 2 x live data + 64 MiB</text>%n", left + 130, h - 10));
        b.append("</svg>\n");
        return b.toString();
    }

    private String polyline(java.util.function.DoubleUnaryOperator x, java.util.function.DoubleUnaryOperator y, boolean bound,
                            String color, String dash) {
        StringBuilder pts = new StringBuilder();
        for (Sample s : samples) {
            double v = mib(bound ? s.bound() : s.fileBytes());
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(s.seconds()), y.applyAsDouble(v)));
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n", color,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"", pts.toString().trim());
    }

    private static void await(List<Future<?>> work) throws Exception {
        for (Future<?> f : work) {
            f.get();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
