package io.jaqs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Jaqs next to ActiveMQ Artemis (file journal, JDBC store), the Amazon SQS JMS library on an
 * embedded ElasticMQ and raw JDBC on H2, in one JVM run, each behind plain jakarta.jms. Run it with
 * {@code bench/run} ({@code --help} for the options); it prints a table and writes
 * {@code results.csv} and {@code results.md} to the output directory (bench/target).
 */
public final class Bench {
    /** Every system, in run order; jaqs-h2 runs at each of its durability levels. */
    static final List<String> SYSTEMS = List.of("jaqs-h2/process", "jaqs-h2/disk", "jaqs-h2-aes/process", "jaqs-h2-aes/disk",
            "jaqs-postgres", "artemis-file", "artemis-jdbc", "sqs-jms-elasticmq", "raw-h2");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--footprint")) {
            Footprint.main(List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("--login-timing")) {
            LoginTiming.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--sqs-http")) {
            SqsHttpBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Settings s = new Settings();
        List<String> systems = new ArrayList<>(SYSTEMS);
        List<String> workloads = new ArrayList<>(Workloads.ALL);
        Path out = Paths.get("bench/target");
        Integer latencyRate = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> s = quickKeeping(s);
                case "--systems" -> systems = systems(args[++i]);
                case "--workloads" -> workloads = workloads(args[++i]);
                case "--latency-rate" -> latencyRate = Integer.parseInt(args[++i]);
                case "--out" -> out = Paths.get(args[++i]);
                case "--artemis-block-on-ack" -> ArtemisDriver.blockOnAcknowledge = true;
                case "--jaqs-async-ack" -> JaqsDriver.asyncAcknowledge = true;
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (latencyRate != null) {
            s.latencyRate = latencyRate;
        }
        run(s, systems, workloads, out);
        System.exit(0); // embedded servers leave non-daemon threads behind
    }

    private static Settings quickKeeping(Settings s) {
        Settings q = Settings.quick();
        q.latencyRate = s.latencyRate;
        return q;
    }

    private static void usage() {
        System.out.println("""
                bench/run [--quick] [--systems LIST] [--workloads LIST] [--latency-rate N] [--out DIR]
                bench/run --footprint [--quick] [--h2-settings ';KEY=VALUE'] [--out DIR]
                                  the embedded H2 store's file size through load, fill, drain, idle, close
                                  and reopen (about 7 minutes; --quick about 2); footprint.md/.csv/.svg
                  --quick         same workloads at small counts (under 3 minutes)
                  --systems       comma-separated, from: jaqs-h2 (both durabilities), jaqs-h2/process, jaqs-h2/disk,
                                  jaqs-h2-aes (the H2 file encrypted, CIPHER=AES; both durabilities), jaqs-h2-aes/process,
                                  jaqs-h2-aes/disk, jaqs-postgres, artemis-file, artemis-jdbc, sqs-jms-elasticmq, raw-h2
                                  (default: all)
                  --workloads     comma-separated, from: """ + String.join(",", Workloads.ALL) + """

                  --latency-rate  offered rate of the latency workload in msg/s (default 50)
                  --out           where results.csv and results.md go (default bench/target)
                  --artemis-block-on-ack   NOT a default: Artemis's acknowledge() waits for the broker
                                  (blockOnAcknowledge=true), to compare receive + ack at an equal promise
                  --jaqs-async-ack         NOT a default: Jaqs's acknowledge() returns before its delete commits
                                  (asyncAcknowledge=true, Artemis's default promise), the other way to compare""");
    }

    static List<String> systems(String arg) {
        List<String> out = new ArrayList<>();
        for (String a : arg.split(",")) {
            String n = a.trim().replace(':', '/');
            if (n.equals("jaqs-h2")) {
                out.add("jaqs-h2/process");
                out.add("jaqs-h2/disk");
            } else if (n.equals("jaqs-h2-aes")) {
                out.add("jaqs-h2-aes/process");
                out.add("jaqs-h2-aes/disk");
            } else if (n.equals("jaqs-h2-process")) {
                out.add("jaqs-h2/process");
            } else if (n.equals("jaqs-h2-disk")) {
                out.add("jaqs-h2/disk");
            } else if (SYSTEMS.contains(n)) {
                out.add(n);
            } else {
                throw new IllegalArgumentException("unknown system '" + a + "'; systems: jaqs-h2, " + String.join(", ", SYSTEMS));
            }
        }
        out.sort(Comparator.comparingInt(SYSTEMS::indexOf));
        return out.stream().distinct().toList();
    }

    static List<String> workloads(String arg) {
        List<String> out = new ArrayList<>();
        for (String a : arg.split(",")) {
            String w = a.trim();
            if (!Workloads.ALL.contains(w)) {
                throw new IllegalArgumentException("unknown workload '" + a + "'; workloads: " + String.join(", ", Workloads.ALL));
            }
            out.add(w);
        }
        out.sort(Comparator.comparingInt(Workloads.ALL::indexOf));
        return out.stream().distinct().toList();
    }

    static void run(Settings s, List<String> systems, List<String> workloads, Path out) throws Exception {
        long t0 = System.nanoTime();
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadStart = loadAverage();
        Map<String, String> versions = versions();
        System.out.printf(Locale.ROOT, "Jaqs bench%s: %s%n", s.quick ? " --quick" : "", started);
        System.out.printf(Locale.ROOT, "machine: %s%n", machine());
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadStart);
        System.out.printf(Locale.ROOT, "settings: %s%n", s.describe());
        if (ArtemisDriver.blockOnAcknowledge) {
            System.out.println("NOTE: Artemis runs with blockOnAcknowledge=true (not its default)");
        }
        if (JaqsDriver.asyncAcknowledge) {
            System.out.println("NOTE: Jaqs runs with asyncAcknowledge=true (not its default): its acknowledge() returns before the delete commits, NOT durable on return, as Artemis's");
        }
        System.out.printf(Locale.ROOT, "systems: %s%nworkloads: %s%n%n", systems, workloads);

        Path data = out.resolve("data");
        List<Workloads.Result> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Workloads runner = new Workloads(s);
        for (int si = 0; si < systems.size(); si++) {
            String sys = systems.get(si);
            long systemStart = System.nanoTime();
            // each system gets an equal share of what is left of the run's budget, so a slow one cannot starve the rest
            double share = (s.budgetSeconds - (systemStart - t0) / 1e9) / (systems.size() - si);
            String[] labelParts = sys.split("/");
            Path dir = data.resolve(sys.replace('/', '-'));
            deleteTree(dir);
            Files.createDirectories(dir);
            System.out.printf(Locale.ROOT, "== %s (%.0f s into the run; its share of the budget: %.0f s)%n", sys,
                    (System.nanoTime() - t0) / 1e9, share);
            Driver d;
            try {
                d = start(sys, dir, versions);
            } catch (Exception | Error e) {
                String why = sys + " skipped: " + rootMessage(e);
                System.out.println("  " + why);
                skipped.add(why);
                String durability = switch (sys) {
                    case "jaqs-postgres" -> "disk";
                    case "artemis-file" -> "disk";
                    case "artemis-jdbc", "raw-h2" -> "process";
                    case "sqs-jms-elasticmq" -> "none";
                    default -> labelParts.length > 1 ? labelParts[1] : "process";
                };
                for (String w : workloads) {
                    results.add(new Workloads.Result(w, labelParts[0], durability, Double.NaN, Double.NaN, Double.NaN,
                            "n/a (skipped: " + shortReason(e) + ")"));
                }
                deleteTree(dir);
                continue;
            }
            runner.reset();
            try {
                try {
                    runner.warmUpSystem(d, s.systemWarmupSeconds);
                } catch (Exception | Error e) {
                    System.out.println("  (system warm-up failed: " + rootMessage(e) + ")");
                }
                for (String w : workloads) {
                    if ((System.nanoTime() - systemStart) / 1e9 > share) {
                        String why = String.format(Locale.ROOT, "n/a (time budget: this system's %.0f s share of the run used up)", share);
                        System.out.printf(Locale.ROOT, "  %-15s %-26s %s%n", w, d.label(), why);
                        results.add(Workloads.na(w, d, why));
                        continue;
                    }
                    Workloads.Result r;
                    try {
                        r = runner.run(w, d);
                    } catch (Workloads.NotAvailable e) {
                        System.out.printf(Locale.ROOT, "  %-15s %-26s n/a (not available yet: %s)%n", w, d.label(), rootMessage(e));
                        r = Workloads.na(w, d, "n/a (not available yet)");
                    } catch (Exception | Error e) {
                        System.out.printf(Locale.ROOT, "  %-15s %-26s FAILED: %s%n", w, d.label(), rootMessage(e));
                        e.printStackTrace(System.out);
                        r = Workloads.na(w, d, "failed: " + shortReason(e));
                    }
                    if (!r.ran() && !r.note().startsWith("failed") && !r.note().contains("not available")
                            && !r.note().contains("prefill exceeded") && !r.note().contains("time budget")) {
                        System.out.printf(Locale.ROOT, "  %-15s %-26s %s%n", w, d.label(), r.note());
                    }
                    results.add(r);
                }
            } finally {
                try {
                    d.close();
                } catch (Exception e) {
                    System.out.println("  (closing " + sys + ": " + rootMessage(e) + ")");
                }
                deleteTree(dir);
                System.gc();
                System.out.printf(Locale.ROOT, "  (%s took %.0f s)%n", sys, (System.nanoTime() - systemStart) / 1e9);
            }
        }
        String loadEnd = loadAverage();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String table = Report.table(results);
        List<String> targets = Report.targets(results);
        System.out.println();
        System.out.println(table);
        for (String why : skipped) {
            System.out.println(why);
        }
        System.out.println();
        for (String t : targets) {
            System.out.println(t);
        }
        System.out.printf(Locale.ROOT, "%nload average at end: %s; run took %.0f s%n", loadEnd, seconds);
        Path csv = out.resolve("results.csv");
        Report.csv(results, csv);
        Path md = out.resolve("results.md");
        Files.writeString(md, markdown(s, started, loadStart, loadEnd, seconds, versions, systems, workloads, table, skipped, targets));
        System.out.println("wrote " + csv + " and " + md);
    }

    static Driver start(String sys, Path dir, Map<String, String> versions) throws Exception {
        return switch (sys) {
            case "jaqs-h2/process" -> JaqsDriver.h2(dir, "process");
            case "jaqs-h2/disk" -> JaqsDriver.h2(dir, "disk");
            case "jaqs-h2-aes/process" -> JaqsDriver.h2Aes(dir, "process");
            case "jaqs-h2-aes/disk" -> JaqsDriver.h2Aes(dir, "disk");
            case "jaqs-postgres" -> {
                if (!JaqsDriver.postgresAnswers()) {
                    throw new IllegalStateException("no PostgreSQL answers at 127.0.0.1:5432 (database test, user postgres)");
                }
                versions.put("postgresql-server", JaqsDriver.postgresVersion());
                yield JaqsDriver.postgres();
            }
            case "artemis-file" -> ArtemisDriver.file(dir);
            case "artemis-jdbc" -> ArtemisDriver.jdbc(dir);
            case "sqs-jms-elasticmq" -> new SqsDriver();
            case "raw-h2" -> new RawH2Driver(dir);
            default -> throw new IllegalArgumentException(sys);
        };
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    private static String shortReason(Throwable e) {
        String m = rootMessage(e);
        return m.length() > 120 ? m.substring(0, 117) + "..." : m;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        }
    }

    // ---- machine and versions

    static String loadAverage() {
        try {
            String[] p = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String machine() {
        StringBuilder b = new StringBuilder();
        b.append(Runtime.getRuntime().availableProcessors()).append(" cores");
        try {
            String cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
            if (!cpu.isEmpty()) {
                b.append(" (").append(cpu).append(')');
            }
            String mem = Files.readAllLines(Paths.get("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> l.replaceAll("\\D+", "")).orElse("0");
            b.append(String.format(Locale.ROOT, ", %.1f GiB memory", Long.parseLong(mem) / 1024.0 / 1024.0));
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        b.append(String.format(Locale.ROOT, ", %s %s, Java %s (%s), heap max %d MiB", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20));
        return b.toString();
    }

    static Map<String, String> versions() throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        Properties p = new Properties();
        try (InputStream in = Bench.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        for (String k : List.of("jaqs", "h2", "postgresql-jdbc", "artemis", "amazon-sqs-java-messaging-lib", "elasticmq")) {
            v.put(k, p.getProperty(k, "?"));
        }
        try {
            v.put("artemis", ArtemisDriver.version());
        } catch (Throwable ignored) {
            // the pom's version stays
        }
        try {
            v.put("aws-sdk-java-v2", software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION);
        } catch (Throwable ignored) {
            // unknown
        }
        v.put("h2", org.h2.engine.Constants.FULL_VERSION);
        return v;
    }

    private static String markdown(Settings s, String started, String loadStart, String loadEnd, double seconds,
            Map<String, String> versions, List<String> systems, List<String> workloads, String table, List<String> skipped,
            List<String> targets) {
        StringBuilder b = new StringBuilder();
        b.append("# Jaqs bench").append(s.quick ? " (--quick)" : "").append("\n\n");
        b.append("- date: ").append(started).append('\n');
        b.append("- machine: ").append(machine()).append('\n');
        b.append("- load average (1, 5, 15 min) at start: ").append(loadStart).append("; at end: ").append(loadEnd).append('\n');
        b.append(String.format(Locale.ROOT, "- run time: %.0f s%n", seconds));
        b.append("- settings: ").append(s.describe()).append('\n');
        if (ArtemisDriver.blockOnAcknowledge) {
            b.append("- NOTE: Artemis ran with blockOnAcknowledge=true (not its default)\n");
        }
        if (JaqsDriver.asyncAcknowledge) {
            b.append("- NOTE: Jaqs ran with asyncAcknowledge=true (not its default): acknowledge() returned before the delete committed, NOT durable on return, as Artemis's\n");
        }
        b.append("- versions: ");
        List<String> vs = new ArrayList<>();
        versions.forEach((k, v) -> vs.add(k + " " + v));
        b.append(String.join(", ", vs)).append('\n');
        b.append("- systems: ").append(String.join(", ", systems)).append("; workloads: ").append(String.join(", ", workloads))
                .append("\n\n");
        b.append("msgs/s: messages of the measured rounds over their time (fanout-10: messages published and delivered to all")
                .append(" 10 subscriptions). p50/p99 are of one sample per:\n\n");
        for (String w : workloads) {
            b.append("- ").append(w).append(": ").append(Workloads.LATENCY_MEANING.get(w)).append('\n');
        }
        b.append("\n`jaqs-h2/process ÷` and `jaqs-h2/disk ÷`: Jaqs's rate over the row's rate (above 1: Jaqs is faster).\n\n");
        b.append(table).append('\n');
        for (String why : skipped) {
            b.append(why).append("\n\n");
        }
        b.append("## What each system promises at the settings measured\n\n");
        for (String sys : systems) {
            String key = Report.PROMISES.keySet().stream().filter(k -> k.startsWith(sys.contains("/") ? sys : sys + "/")).findFirst()
                    .orElse(sys);
            b.append("- **").append(key).append("**: ").append(Report.PROMISES.getOrDefault(key, "")).append('\n');
        }
        b.append("\n## Targets\n\n```\n");
        for (String t : targets) {
            b.append(t).append('\n');
        }
        b.append("```\n");
        return b.toString();
    }
}
