package io.jaqs.samples;

import io.jaqs.samples.autoscale.AutoscalingWorkers;
import io.jaqs.samples.images.ImagePipeline;
import io.jaqs.samples.orders.OrderDemo;
import io.jaqs.samples.rpc.RequestReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples' command line (run by {@code ./demo}): {@code [orders|images|autoscale|rpc] [options]}.
 * Exits 0 when the sample's own checks pass, 1 when one fails, 2 on a usage error.
 */
public final class Demo {
    private Demo() {
    }

    static final String USAGE = """
            usage: ./demo [SAMPLE] [OPTIONS]

            samples
              orders      order processing through payment, inventory and shipping queues (default)
              images      image pipeline: workers watermark PNGs; a killed worker's task is redelivered
              autoscale   a worker pool that grows and shrinks with the queue depth under a traffic spike
              rpc         request/reply with temporary queues and JMSCorrelationID

            options
              --orders N    orders to process (orders; default 2000)
              --workers N   workers per step / pool size (default: orders 4, images 3, rpc 2 servers)
              --images N    images to watermark (images; default 24)
              --spike N     jobs in the traffic spike (autoscale; default 1500)
              --requests N  requests per client (rpc; default 200)
              --url URL     JDBC URL of the store, e.g. jdbc:postgresql://localhost/jaqs?user=jaqs&password=...
                            (default: an H2 file in the data directory)
              --data DIR    data directory (default ./data/demo); its old H2 store is deleted first
              -h, --help    this help
            """;

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (Exception e) {
            System.out.flush();
            System.err.println();
            if (System.getenv("JAQS_DEMO_TRACE") != null) {
                e.printStackTrace();
            } else {
                System.err.println("demo failed: " + e);
                for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    System.err.println("  caused by: " + c);
                }
                System.err.println("(JAQS_DEMO_TRACE=1 ./demo ... prints the stack trace)");
            }
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static int run(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(USAGE);
                return 0;
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
                if (!List.of("orders", "workers", "images", "spike", "requests", "url", "data").contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                opts.put(name, value);
            } else {
                positional.add(a);
            }
        }
        if (positional.size() > 1) {
            throw new UsageException("one sample at a time: " + positional);
        }
        String sample = positional.isEmpty() ? "orders" : positional.get(0);
        Path data = Path.of(opts.getOrDefault("data", "data/demo"));
        String url = opts.get("url");
        switch (sample) {
            case "orders" -> {
                OrderDemo.Config c = OrderDemo.config().dataDir(data).url(url);
                if (opts.containsKey("orders")) {
                    c.orders(positive(opts, "orders"));
                }
                if (opts.containsKey("workers")) {
                    c.workers(positive(opts, "workers"));
                }
                return new OrderDemo(c).run().ok() ? 0 : 1;
            }
            case "images" -> {
                ImagePipeline.Config c = ImagePipeline.config().dataDir(data).url(url);
                if (opts.containsKey("images")) {
                    c.images(positive(opts, "images"));
                }
                if (opts.containsKey("workers")) {
                    c.workers(positive(opts, "workers"));
                }
                return new ImagePipeline(c).run().ok() ? 0 : 1;
            }
            case "autoscale" -> {
                AutoscalingWorkers.Config c = AutoscalingWorkers.config().dataDir(data).url(url);
                if (opts.containsKey("spike")) {
                    c.spike(positive(opts, "spike"));
                }
                if (opts.containsKey("workers")) {
                    c.maxWorkers(positive(opts, "workers"));
                }
                return new AutoscalingWorkers(c).run().ok() ? 0 : 1;
            }
            case "rpc", "request-reply" -> {
                RequestReply.Config c = RequestReply.config().dataDir(data).url(url);
                if (opts.containsKey("requests")) {
                    c.requestsPerClient(positive(opts, "requests"));
                }
                if (opts.containsKey("workers")) {
                    c.servers(positive(opts, "workers"));
                }
                return new RequestReply(c).run().ok() ? 0 : 1;
            }
            default -> throw new UsageException("unknown sample " + sample);
        }
    }

    private static int positive(Map<String, String> opts, String name) throws UsageException {
        try {
            int n = Integer.parseInt(opts.get(name).replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a positive number, got " + opts.get(name));
        }
    }
}
