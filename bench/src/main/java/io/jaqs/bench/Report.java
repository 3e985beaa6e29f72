package io.jaqs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table, the CSV and the markdown report of a run. */
final class Report {
    static final String CSV_HEADER = "workload,system,durability,msgs_per_s,p50_ms,p99_ms";
    static final String JAQS = "jaqs-h2/process";
    static final String JAQS_DISK = "jaqs-h2/disk";

    /** What each system promises at the settings measured. */
    static final Map<String, String> PROMISES = new LinkedHashMap<>();

    static {
        PROMISES.put("jaqs-h2/process", "A PERSISTENT send returns after the group commit holding it reached the OS (H2 WRITE_DELAY=0, no"
                + " fsync): survives kill -9 of the JVM, not a power cut. acknowledge() returns after the delete is committed the"
                + " same way (ack durable at the same level); a transacted commit is one database transaction.");
        PROMISES.put("jaqs-h2/disk", "As process, plus CHECKPOINT SYNC (an fsync of the H2 file) after each group commit, before"
                + " any caller in it returns: sends, acks and commits survive a power cut.");
        PROMISES.put("jaqs-h2-aes/process", "As jaqs-h2/process, the H2 file encrypted at rest (storeEncryptionKey, H2's"
                + " CIPHER=AES): every page is encrypted when written and decrypted when read from the file.");
        PROMISES.put("jaqs-h2-aes/disk", "As jaqs-h2/disk, the H2 file encrypted at rest (CIPHER=AES).");
        PROMISES.put("jaqs-postgres/disk", "PostgreSQL with synchronous_commit=on (Jaqs refuses off): the WAL is fsynced before a"
                + " commit returns; sends, acks and commits survive a power cut.");
        PROMISES.put("artemis-file/disk", "NIO journal at defaults: journal-sync-transactional and -non-transactional on, datasync on;"
                + " a durable send (blockOnDurableSend=true) and a transacted commit return after the journal fsync. The NIO"
                + " journal-buffer-timeout (3,333,333 ns) batches writes: the buffer is flushed and fsynced at most once per 3.3 ms,"
                + " so a lone synchronous sender waits up to ~3.3 ms per send (~300/s) and concurrent senders share an fsync."
                + " CLIENT_ACKNOWLEDGE acknowledge() is sent without waiting (blockOnAcknowledge=false): the broker commits and"
                + " fsyncs the ack, but after the call returned, so an ack is NOT durable on return (a crash may redeliver)."
                + " Consumers read from a client-side buffer (consumerWindowSize 1 MiB).");
        PROMISES.put("artemis-jdbc/process", "JDBC store on an H2 file with WRITE_DELAY=0 (as Jaqs at process): the JDBC journal"
                + " commits its pending records every jdbc-journal-sync-period (5 ms); a durable send and a transacted commit"
                + " return after that commit reached the OS, no fsync: survives kill -9, not a power cut. Acks as artemis-file:"
                + " sent without waiting, NOT durable on return.");
        PROMISES.put("sqs-jms-elasticmq/none", "ElasticMQ keeps queues in memory: nothing survives its process. A send returns"
                + " when SendMessage answered over HTTP; acknowledge() when DeleteMessageBatch answered. No transactions, no topics.");
        PROMISES.put("raw-h2/process", "Plain JDBC, H2 WRITE_DELAY=0, one commit per send and per acknowledged message (OS, no"
                + " fsync): process. No visibility timeout, receipt handle or receive-count bookkeeping: a ceiling, not a queue.");
    }

    private Report() {
    }

    static String rate(double r) {
        if (Double.isNaN(r)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f", r);
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String csvNum(double v, String fmt) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, fmt, v);
    }

    static String label(Workloads.Result r) {
        return r.system() + "/" + r.durability();
    }

    static Workloads.Result find(List<Workloads.Result> rs, String workload, String label) {
        for (Workloads.Result r : rs) {
            if (r.workload().equals(workload) && label(r).equals(label)) {
                return r;
            }
        }
        return null;
    }

    static String ratio(List<Workloads.Result> rs, Workloads.Result row, String of) {
        Workloads.Result j = find(rs, row.workload(), of);
        if (j == null || !j.ran() || !row.ran() || row.rate() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2fx", j.rate() / row.rate());
    }

    /** Rows of the table: workload, system, durability, msgs/s, p50, p99, ratios, note. */
    static List<String[]> rows(List<Workloads.Result> rs) {
        List<String[]> out = new ArrayList<>();
        for (String w : Workloads.ALL) {
            for (Workloads.Result r : rs) {
                if (!r.workload().equals(w)) {
                    continue;
                }
                String note = r.ran() ? shortNote(r.note()) : r.note();
                out.add(new String[] {w, r.system(), r.durability(), rate(r.rate()), ms(r.p50()), ms(r.p99()), ratio(rs, r, JAQS),
                        ratio(rs, r, JAQS_DISK), note});
            }
        }
        return out;
    }

    /** The note as shown in the table: the depth, and whether a round stopped at its time bound. */
    static String shortNote(String note) {
        List<String> parts = new ArrayList<>();
        if (note.startsWith("queue depth") || note.startsWith("offered")) {
            parts.add(note.substring(0, note.indexOf(';')));
        }
        if (note.contains("stopped early")) {
            parts.add("time-bound");
        }
        if (note.contains("OUT OF GROUP ORDER")) {
            parts.add("OUT OF GROUP ORDER");
        }
        if (note.contains("arrived in time")) {
            parts.add("fell behind the offered rate");
        }
        if (note.contains("still short")) {
            parts.add("deliveries missing");
        }
        return String.join("; ", parts);
    }

    static final String[] HEADER = {"workload", "system", "durability", "msgs/s", "p50 ms", "p99 ms", "jaqs-h2/process ÷",
        "jaqs-h2/disk ÷", "note"};

    static String table(List<Workloads.Result> rs) {
        List<String[]> rows = rows(rs);
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, HEADER, width);
        String[] sep = new String[HEADER.length];
        for (int i = 0; i < sep.length; i++) {
            sep[i] = "-".repeat(width[i]);
        }
        line(b, sep, width);
        String last = null;
        for (String[] row : rows) {
            if (last != null && !last.equals(row[0])) {
                // one block per workload
            }
            last = row[0];
            line(b, row, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            boolean right = i >= 3 && i <= 7;
            String c = cells[i];
            String pad = " ".repeat(width[i] - c.length());
            b.append(' ').append(right ? pad + c : c + pad).append(" |");
        }
        b.append('\n');
    }

    static void csv(List<Workloads.Result> rs, Path file) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (String w : Workloads.ALL) {
            for (Workloads.Result r : rs) {
                if (r.workload().equals(w)) {
                    b.append(w).append(',').append(r.system()).append(',').append(r.durability()).append(',')
                            .append(csvNum(r.rate(), "%.1f")).append(',').append(csvNum(r.p50(), "%.3f")).append(',')
                            .append(csvNum(r.p99(), "%.3f")).append('\n');
                }
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
    }

    // ---- targets

    record Target(String name, String verdict) {
    }

    private static String cmp(List<Workloads.Result> rs, String workload, String a, String b, double want) {
        Workloads.Result x = find(rs, workload, a);
        Workloads.Result y = find(rs, workload, b);
        if (x == null || y == null || !x.ran() || !y.ran() || y.rate() == 0) {
            return String.format(Locale.ROOT, "%s: %s vs %s not measured", workload, a, b);
        }
        double r = x.rate() / y.rate();
        return String.format(Locale.ROOT, "%s: %s %s / %s %s = %.2fx (target %.1fx) %s", workload, a, rate(x.rate()), b,
                rate(y.rate()), r, want, r >= want ? "MET" : String.format(Locale.ROOT, "MISSED by %.0f%%", (1 - r / want) * 100));
    }

    private static String within(List<Workloads.Result> rs, String label, String workload, String base, double want) {
        Workloads.Result x = find(rs, workload, label);
        Workloads.Result y = find(rs, base, label);
        if (x == null || y == null || !x.ran() || !y.ran() || y.rate() == 0) {
            return String.format(Locale.ROOT, "%s: %s vs %s not measured%s", label, workload, base,
                    x != null && !x.ran() ? " (" + x.note() + ")" : "");
        }
        double r = x.rate() / y.rate();
        return String.format(Locale.ROOT, "%s: %s %s / %s %s = %.0f%% (target >= %.0f%%) %s", label, workload, rate(x.rate()),
                base, rate(y.rate()), r * 100, want * 100, r >= want ? "MET"
                        : String.format(Locale.ROOT, "MISSED by %.0f points", (want - r) * 100));
    }

    static List<String> targets(List<Workloads.Result> rs) {
        List<String> t = new ArrayList<>();
        String[] persistent = {"send-1p", "send-8p", "receive-ack-1c", "receive-ack-4c"};
        t.add("Jaqs H2 >= 1.0x Artemis file journal at the same durability (disk):");
        for (String w : persistent) {
            t.add("  " + cmp(rs, w, JAQS_DISK, "artemis-file/disk", 1.0));
        }
        t.add("  (for reference, Jaqs at process, a weaker promise than artemis-file's fsync per send:)");
        for (String w : persistent) {
            t.add("  " + cmp(rs, w, JAQS, "artemis-file/disk", 1.0));
        }
        t.add("Jaqs H2 >= 3x Artemis JDBC store (both process: H2 WRITE_DELAY=0, no fsync):");
        for (String w : persistent) {
            t.add("  " + cmp(rs, w, JAQS, "artemis-jdbc/process", 3.0));
        }
        t.add("Jaqs H2 >= 10x Amazon SQS JMS library on ElasticMQ (ElasticMQ promises nothing: in memory):");
        for (String w : persistent) {
            t.add("  " + cmp(rs, w, JAQS, "sqs-jms-elasticmq/none", 10.0));
        }
        t.add("Receive rate at depth 1,000,000 within 80% of depth 0:");
        t.add("  " + within(rs, JAQS, "depth-1m", "depth-0", 0.8));
        t.add("  " + within(rs, JAQS_DISK, "depth-1m", "depth-0", 0.8));
        t.add("FIFO with 100 groups within 80% of a standard queue (4 consumers, receive + ack each):");
        t.add("  " + within(rs, JAQS, "fifo-100g", "receive-ack-4c", 0.8));
        t.add("  " + within(rs, JAQS_DISK, "fifo-100g", "receive-ack-4c", 0.8));
        t.add("FIFO groups spread over consumers: 4 consumers >= 2.5x one (100 groups, receive + ack each):");
        t.add("  " + within(rs, JAQS, "fifo-100g", "fifo-100g-1c", 2.5));
        t.add("  " + within(rs, JAQS_DISK, "fifo-100g", "fifo-100g-1c", 2.5));
        return t;
    }
}
