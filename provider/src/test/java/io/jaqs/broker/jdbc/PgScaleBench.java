package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.store.Durability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Throughput of 1..N Jaqs nodes on one queue of one PostgreSQL (docs/scaling.md): starts N child
 * JVMs ({@link PgNode} bench: each thread sends one message, receives up to 10 and deletes them,
 * in a loop) for a number of seconds, and sums their rates. Run from the provider module:
 * {@code java -cp <test class path> io.jaqs.broker.jdbc.PgScaleBench 3 10 4 [&jaqsWriters=1]} (max nodes, seconds,
 * threads per node, store URL parameters).
 */
public final class PgScaleBench {
    private PgScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int maxNodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String urlParameters = args.length > 3 ? args[3] : ""; // e.g. "&jaqsWriters=1"
        for (int nodes = 1; nodes <= maxNodes; nodes++) {
            String schema = PgTestDatabase.createSchema();
            try {
                String url = PgTestDatabase.url(schema) + urlParameters;
                try (JaqsBroker b = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.DISK, 1), BrokerConfig.defaults())) {
                    b.createQueue("bench", Map.of());
                }
                List<Process> ps = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                    ps.add(new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            PgNode.class.getName(), "bench", url, "bench", String.valueOf(seconds), String.valueOf(threads))
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start());
                }
                double sent = 0;
                double received = 0;
                long commits = 0;
                long works = 0;
                for (Process p : ps) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("RATE ")) {
                                String[] v = line.split(" ");
                                sent += Double.parseDouble(v[1]);
                                received += Double.parseDouble(v[2]);
                                commits += Long.parseLong(v[3]);
                                works += Long.parseLong(v[4]);
                            }
                        }
                    }
                    p.waitFor();
                }
                System.out.printf("nodes=%d threads/node=%d %s: sent %.0f/s, received+deleted %.0f/s; commits %.0f/s, %.2f works/commit%n",
                        nodes, threads, urlParameters, sent, received, commits / (double) seconds, works / (double) Math.max(1, commits));
            } finally {
                PgTestDatabase.dropSchema(schema);
            }
        }
    }
}
