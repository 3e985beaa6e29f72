package io.jaqs.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the TCK report: header, totals per package, every failure, and the final {@code TCK:} line. */
final class TckReport {
    static final String ROOT_PACKAGE = "com.sun.ts.tests.jms.";

    private TckReport() {
    }

    /** Pass/fail/skip counts. */
    static final class Totals {
        int passed;
        int failed;
        int skipped;
        long millis;

        void add(Outcome o) {
            switch (o.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            millis += o.millis();
        }

        int total() {
            return passed + failed + skipped;
        }
    }

    /**
     * @param header   lines describing the run (jar, store, settings), printed first
     * @param outcomes every test's result
     * @param notes    failures outside any test (e.g. of a test class's @AfterAll), printed after the failures
     * @param runTime  wall-clock time of the run
     * @param complete false while the run is still going (then no final {@code TCK:} line is written)
     */
    static String render(List<String> header, List<Outcome> outcomes, List<String> notes, Duration runTime, boolean complete) {
        StringBuilder b = new StringBuilder();
        b.append("Jakarta Messaging TCK (standalone: core, core20) against Jaqs\n");
        if (!complete) {
            b.append("RUN IN PROGRESS: partial results\n");
        }
        for (String h : header) {
            b.append(h).append('\n');
        }
        b.append("Run time: ").append(format(runTime)).append('\n');

        Map<String, Totals> groups = new TreeMap<>();
        Map<String, Map<String, Totals>> packages = new TreeMap<>();
        Totals all = new Totals();
        for (Outcome o : outcomes) {
            String pkg = shortPackage(o.packageName());
            String group = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
            groups.computeIfAbsent(group, g -> new Totals()).add(o);
            packages.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(pkg, p -> new Totals()).add(o);
            all.add(o);
        }

        b.append("\nTotals per package (").append(ROOT_PACKAGE).append("*)\n");
        String row = "%-52s %7s %7s %7s %7s %9s%n";
        b.append(String.format(row, "package", "passed", "failed", "skipped", "total", "time"));
        for (Map.Entry<String, Totals> g : groups.entrySet()) {
            b.append(line(row, g.getKey(), g.getValue()));
            for (Map.Entry<String, Totals> p : packages.get(g.getKey()).entrySet()) {
                if (!p.getKey().equals(g.getKey())) {
                    b.append(line(row, "  " + p.getKey(), p.getValue()));
                }
            }
        }
        b.append(line(row, "all", all));

        List<Outcome> failures = new ArrayList<>(outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED).toList());
        failures.sort(Comparator.comparing(Outcome::className).thenComparing(Outcome::method));
        b.append("\nFailures (").append(failures.size()).append(")\n");
        int n = 0;
        for (Outcome f : failures) {
            b.append(String.format("%4d. %s#%s%n", ++n, shortPackage(f.className()), f.method()));
            if (f.firstError() != null) {
                b.append("        first error: ").append(f.firstError()).append('\n');
            }
            if (f.thrown() != null) {
                b.append("        thrown:      ").append(f.thrown()).append('\n');
            }
            if (f.rootCause() != null) {
                b.append("        root cause:  ").append(f.rootCause()).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            b.append("\nFailures outside tests (").append(notes.size()).append(")\n");
            for (String note : notes) {
                b.append("      ").append(note).append('\n');
            }
        }
        List<Outcome> skipped = outcomes.stream().filter(o -> o.status() == Outcome.Status.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            b.append("\nSkipped (").append(skipped.size()).append(")\n");
            for (Outcome s : skipped) {
                b.append("      ").append(shortPackage(s.className())).append('#').append(s.method());
                if (s.thrown() != null) {
                    b.append(": ").append(s.thrown());
                }
                b.append('\n');
            }
        }
        if (complete) {
            b.append('\n').append(finalLine(all)).append('\n');
        }
        return b.toString();
    }

    /** What a failed test did when run again alone on a fresh store, from that run's final {@code TCK:} line. */
    static String rerunVerdict(String finalLine) {
        if (finalLine.matches("TCK: 1 passed, 0 failed, 0 skipped of 1")) {
            return "passes alone on a fresh store (order-dependent: it failed on state an earlier test left behind)";
        }
        if (finalLine.matches("TCK: 0 passed, 1 failed, 0 skipped of 1")) {
            return "fails alone on a fresh store too";
        }
        return "rerun inconclusive" + (finalLine.isEmpty() ? " (no result)" : " (" + finalLine + ")");
    }

    /**
     * The report with a section on the failures rerun alone, inserted before the final {@code TCK:} line
     * (which stays last, and keeps the counts of the run itself).
     */
    static String withReruns(String report, List<String> reruns) {
        String body = report.stripTrailing();
        int last = body.lastIndexOf('\n');
        StringBuilder b = new StringBuilder(body.substring(0, last + 1));
        b.append("Failures rerun alone (").append(reruns.size()).append(")\n");
        for (String r : reruns) {
            b.append("      ").append(r).append('\n');
        }
        b.append('\n').append(body.substring(last + 1)).append('\n');
        return b.toString();
    }

    static String finalLine(Totals t) {
        return "TCK: " + t.passed + " passed, " + t.failed + " failed, " + t.skipped + " skipped of " + t.total();
    }

    static String shortPackage(String name) {
        return name.startsWith(ROOT_PACKAGE) ? name.substring(ROOT_PACKAGE.length()) : name;
    }

    private static String line(String row, String name, Totals t) {
        return String.format(row, name, t.passed, t.failed, t.skipped, t.total(), format(Duration.ofMillis(t.millis)));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
