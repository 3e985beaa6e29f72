package io.jaqs.samples.images;

import io.jaqs.broker.Broker;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.samples.common.Stores;
import io.jaqs.samples.common.Time;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * An image pipeline. The sample draws some photos (PNG files); each task on {@code image-tasks}
 * names one. Workers read the image, stamp a watermark on it (java.awt), write the result, announce
 * it on {@code image-done}, and only then acknowledge (delete) the task. One worker is killed halfway
 * through its task: it never acknowledges, so its task stays invisible until the queue's visibility
 * timeout runs out, then another worker receives it ({@code JMSXDeliveryCount} 2) and finishes it.
 */
public final class ImagePipeline {
    public static final String TASKS = "image-tasks";
    public static final String DONE = "image-done";

    public static final class Config {
        int images = 24;
        int workers = 3;
        int visibilityTimeoutSeconds = 5;
        int width = 640;
        int height = 400;
        String url;
        Path dataDir = Path.of("data", "demo");
        Time time = Time.real();
        Duration timeout = Duration.ofMinutes(2);
        PrintStream out = System.out;

        public Config images(int n) {
            images = n;
            return this;
        }

        /** Workers besides the one that gets killed. */
        public Config workers(int n) {
            workers = n;
            return this;
        }

        public Config visibilityTimeoutSeconds(int s) {
            visibilityTimeoutSeconds = s;
            return this;
        }

        public Config size(int w, int h) {
            width = w;
            height = h;
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

    /** A completion as announced on {@code image-done}. */
    public record Completion(String image, String worker, int deliveryCount, long millis) {
    }

    public record Result(int images, int completions, int watermarked, String killedImage, Completion killedImageCompletion,
                         long leftInQueues, Path inDir, Path outDir, List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final Config cfg;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    public ImagePipeline(Config cfg) {
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
        Path inDir = cfg.dataDir.resolve("images").resolve("in");
        Path outDir = cfg.dataDir.resolve("images").resolve("watermarked");
        cleanPngs(inDir);
        cleanPngs(outDir);
        out.printf("Jaqs image pipeline%n  store    %s%n", url);
        out.flush();
        List<String> names = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 1; i <= cfg.images; i++) {
            String name = String.format("photo-%03d.png", i);
            ImageIO.write(photo(cfg.width, cfg.height, i, r), "png", inDir.resolve(name).toFile());
            names.add(name);
        }
        out.printf("  images   %d generated in %s%n  workers  %d (+1 that gets killed); %s has a %d s visibility timeout%n%n",
                names.size(), inDir.toAbsolutePath().normalize(), cfg.workers, TASKS, cfg.visibilityTimeoutSeconds);

        JaqsConnectionFactory factory = Stores.factory(url, cfg.time);
        factory.setPrefetch(1); // a worker holds only the task it works on
        Stores.dropQueues(factory, List.of(TASKS, DONE));
        Broker admin = factory.getBroker();
        admin.createQueue(TASKS, Map.of("VisibilityTimeout", Integer.toString(cfg.visibilityTimeoutSeconds)));
        admin.createQueue(DONE, Map.of());

        Map<String, Completion> completions = new ConcurrentHashMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        try (Connection main = factory.createConnection()) {
            main.start();
            Session s = main.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer done = s.createConsumer(s.createQueue(DONE));

            // the doomed worker starts first and takes the first task
            CountDownLatch killed = new CountDownLatch(1);
            String[] killedImage = new String[1];
            thread("worker-0", () -> doomedWorker(factory, inDir, killedImage, killed));

            MessageProducer tasks = s.createProducer(s.createQueue(TASKS));
            for (String name : names) {
                TextMessage t = s.createTextMessage(name);
                t.setStringProperty("image", name);
                tasks.send(t);
            }
            if (!killed.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker-0 did not receive a task");
            }
            out.printf("  ✗ worker-0 killed while watermarking %s (no acknowledge, no close: as kill -9 would leave it)%n",
                    killedImage[0]);
            for (int i = 1; i <= cfg.workers; i++) {
                thread("worker-" + i, () -> worker(factory, inDir, outDir));
            }

            long deadline = System.nanoTime() + cfg.timeout.toNanos();
            boolean waited = false;
            while (completions.size() < names.size() && System.nanoTime() < deadline) {
                if (!waited && completions.size() == names.size() - 1 && !completions.containsKey(killedImage[0])) {
                    out.printf("  … %d of %d done; %s is still invisible, waiting out the %d s visibility timeout%n",
                            completions.size(), names.size(), killedImage[0], cfg.visibilityTimeoutSeconds);
                    if (cfg.time.simulated()) {
                        cfg.time.pass(Duration.ofSeconds(cfg.visibilityTimeoutSeconds)); // on the real clock it just passes
                    }
                    waited = true;
                }
                Message m = done.receive(200);
                if (m == null) {
                    continue;
                }
                Completion c = new Completion(m.getStringProperty("image"), m.getStringProperty("worker"),
                        m.getIntProperty("deliveryCount"), m.getLongProperty("millis"));
                if (completions.putIfAbsent(c.image(), c) != null) {
                    out.printf("  (duplicate completion of %s ignored)%n", c.image());
                    continue;
                }
                if (c.image().equals(killedImage[0])) {
                    out.printf("  ↻ %s redelivered to %s (JMSXDeliveryCount %d) and watermarked%n", c.image(), c.worker(),
                            c.deliveryCount());
                } else if (completions.size() % Math.max(1, names.size() / 4) == 0) {
                    out.printf("  ✓ %d of %d watermarked%n", completions.size(), names.size());
                }
            }

            stopping = true;
            for (MessageConsumer c : consumers) {
                closeQuietly(c);
            }
            for (Connection c : connections) {
                closeQuietly(c); // including worker-0's, which a real crash would have dropped on the floor
            }

            // ---- checks
            int watermarked = 0;
            for (String name : names) {
                Path o = outDir.resolve(name);
                if (!Files.exists(o)) {
                    failures.add(name + " was not written");
                    continue;
                }
                double changed = changedFraction(ImageIO.read(inDir.resolve(name).toFile()), ImageIO.read(o.toFile()));
                if (changed >= 0.01) {
                    watermarked++;
                } else {
                    failures.add(name + ": only " + String.format("%.2f%%", changed * 100) + " of the pixels changed");
                }
            }
            if (completions.size() != names.size()) {
                failures.add(completions.size() + " of " + names.size() + " completions received");
            }
            Completion k = completions.get(killedImage[0]);
            if (k == null || k.deliveryCount() < 2 || k.worker().equals("worker-0")) {
                failures.add("the killed worker's task " + killedImage[0] + " was not redelivered and finished by another worker: " + k);
            }
            long left = 0;
            for (String q : List.of(TASKS, DONE)) {
                QueueCounts c = admin.approximateCounts(q);
                left += c.visible() + c.notVisible() + c.delayed();
            }
            if (left != 0) {
                failures.add(left + " messages left in " + TASKS + " / " + DONE);
            }
            if (!errors.isEmpty()) {
                failures.add(errors.size() + " worker errors, first: " + errors.get(0));
            }
            out.printf("%n  images: %d generated, %d watermarked (pixels checked), %d completions, killed task %s redelivered %s%n",
                    names.size(), watermarked, completions.size(), killedImage[0],
                    k != null && k.deliveryCount() >= 2 ? "and done by " + k.worker() : "NOT done");
            out.printf("  output: %s%n  wall time %.1f s%n", outDir.toAbsolutePath().normalize(),
                    (System.nanoTime() - start) / 1e9);
            for (String f : failures) {
                out.println("CHECK FAILED: " + f);
            }
            return new Result(names.size(), completions.size(), watermarked, killedImage[0], k, left, inDir, outDir, failures);
        } finally {
            stopping = true;
            for (Connection c : connections) {
                closeQuietly(c);
            }
        }
    }

    // ------------------------------------------------------------------ workers

    /** Takes a task, starts on it, and dies: no acknowledge, no close. */
    private void doomedWorker(JaqsConnectionFactory factory, Path inDir, String[] killedImage, CountDownLatch killed)
            throws Exception {
        Connection c = factory.createConnection();
        connections.add(c); // only so that the sample can clean up at the very end
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer in = s.createConsumer(s.createQueue(TASKS));
        c.start();
        TextMessage task = (TextMessage) in.receive(30_000);
        if (task == null) {
            return;
        }
        ImageIO.read(inDir.resolve(task.getText()).toFile()); // halfway through…
        killedImage[0] = task.getText();
        killed.countDown();
        // …and the process is gone: this thread ends without acknowledging or closing anything
    }

    /**
     * A worker: CLIENT_ACKNOWLEDGE, and the acknowledge comes last, after the result is written and
     * announced. If the worker dies before it, the task is redelivered (at-least-once); writing the
     * result is idempotent and the collector ignores a second completion of the same image.
     */
    private void worker(JaqsConnectionFactory factory, Path inDir, Path outDir) throws Exception {
        Connection c = factory.createConnection();
        connections.add(c);
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer in = s.createConsumer(s.createQueue(TASKS));
        consumers.add(in);
        MessageProducer done = s.createProducer(s.createQueue(DONE));
        c.start();
        String me = Thread.currentThread().getName();
        while (!stopping) {
            TextMessage task;
            try {
                task = (TextMessage) in.receive();
            } catch (jakarta.jms.IllegalStateException closed) {
                return;
            }
            if (task == null) {
                continue;
            }
            String name = task.getText();
            BufferedImage img = ImageIO.read(inDir.resolve(name).toFile());
            BufferedImage marked = watermark(img, "Jaqs · " + me);
            Path tmp = outDir.resolve(name + ".tmp");
            ImageIO.write(marked, "png", tmp.toFile());
            Files.move(tmp, outDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            TextMessage m = s.createTextMessage(outDir.resolve(name).toString());
            m.setStringProperty("image", name);
            m.setStringProperty("worker", me);
            m.setIntProperty("deliveryCount", task.getIntProperty("JMSXDeliveryCount"));
            m.setLongProperty("millis", System.currentTimeMillis());
            done.send(m);
            task.acknowledge(); // deletes the task
        }
    }

    private void thread(String name, Task task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                if (!stopping) {
                    errors.add(e);
                    cfg.out.println("  ! " + Thread.currentThread().getName() + " failed: " + e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ images

    /** A synthetic photo: a sky gradient, a sun, hills. */
    static BufferedImage photo(int w, int h, int n, Random r) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float hue = r.nextFloat();
        g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.5f, 0.95f), 0, h, Color.getHSBColor(hue + 0.1f, 0.3f, 0.6f)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(255, 220, 120));
        int sun = h / 6 + r.nextInt(h / 6);
        g.fill(new Ellipse2D.Double(r.nextInt(w - sun), r.nextInt(h / 3), sun, sun));
        for (int layer = 0; layer < 3; layer++) {
            Path2D hill = new Path2D.Double();
            hill.moveTo(0, h);
            double base = h * (0.55 + 0.12 * layer);
            for (int x = 0; x <= w; x += w / 16) {
                hill.lineTo(x, base - r.nextInt(h / 6));
            }
            hill.lineTo(w, h);
            hill.closePath();
            g.setColor(Color.getHSBColor(0.25f + 0.05f * layer, 0.5f, 0.5f - 0.12f * layer));
            g.fill(hill);
        }
        g.dispose();
        return img;
    }

    /** Stamps a diagonal, semi-transparent watermark and a corner label on a copy of the image. */
    static BufferedImage watermark(BufferedImage src, String label) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // a translucent band across the diagonal: drawn with shapes, so it needs no font
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.atan2(h, w), w / 2.0, h / 2.0);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        g.setColor(Color.WHITE);
        int band = Math.max(20, h / 6);
        double diag = Math.hypot(w, h);
        g.fillRect((int) (w / 2.0 - diag / 2), h / 2 - band / 2, (int) diag, band);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.8f));
        g.setColor(new Color(20, 20, 20));
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) (band * 0.7)));
            String text = "SAMPLE · JAQS · SAMPLE";
            int tw = g.getFontMetrics().stringWidth(text);
            g.drawString(text, (int) (w / 2.0 - tw / 2.0), h / 2 + (int) (band * 0.25));
        } catch (Error | RuntimeException noFonts) {
            // a machine without fonts still gets the band and the frame
        }
        g.setTransform(saved);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
        g.setStroke(new BasicStroke(Math.max(2, w / 160f)));
        g.setColor(Color.WHITE);
        g.drawRect(w / 40, h / 40, w - w / 20, h - h / 20);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, h / 28)));
            g.drawString(label, w / 40 + 8, h - h / 40 - 8);
        } catch (Error | RuntimeException noFonts) {
            // as above
        }
        g.dispose();
        return out;
    }

    /** The fraction of pixels whose colour differs between two images of the same size. */
    static double changedFraction(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 0;
        }
        long changed = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
                    changed++;
                }
            }
        }
        return (double) changed / ((long) a.getWidth() * a.getHeight());
    }

    private static void cleanPngs(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.png*")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
