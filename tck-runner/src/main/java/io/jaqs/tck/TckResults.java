package io.jaqs.tck;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** Collects one {@link Outcome} per TCK test, prints a progress line per test class. */
final class TckResults implements TestExecutionListener {
    private final LogCapture.Shared log;
    private final PrintStream console;
    private final Runnable afterClass;
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> started = new HashMap<>();
    private final Map<String, String> containerFailures = new HashMap<>();
    private final Set<String> done = Collections.synchronizedSet(new java.util.HashSet<>());
    private TestPlan plan;
    private int classes;
    private int classesDone;

    TckResults(LogCapture.Shared log, PrintStream console, Runnable afterClass) {
        this.log = log;
        this.console = console;
        this.afterClass = afterClass;
    }

    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        for (TestIdentifier root : testPlan.getRoots()) {
            classes += (int) testPlan.getDescendants(root).stream().filter(TckResults::isClass).count();
        }
        console.println("TCK: " + classes + " test classes, "
                + testPlan.countTestIdentifiers(TestIdentifier::isTest) + " tests");
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            synchronized (started) {
                started.put(id.getUniqueId(), System.currentTimeMillis());
            }
            try {
                log.beginTest(name(id));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            add(id, Outcome.Status.SKIPPED, 0, null, reason, null);
        } else {
            for (TestIdentifier t : plan.getDescendants(id)) {
                if (t.isTest()) {
                    add(t, Outcome.Status.SKIPPED, 0, null, reason, null);
                }
            }
            classFinished(id);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            long start;
            synchronized (started) {
                start = Optional.ofNullable(started.remove(id.getUniqueId())).orElse(System.currentTimeMillis());
            }
            long millis = System.currentTimeMillis() - start;
            String firstError;
            try {
                firstError = log.endTest(name(id), result.getStatus().toString(), millis);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Throwable t = result.getThrowable().orElse(null);
            switch (result.getStatus()) {
                case SUCCESSFUL -> add(id, Outcome.Status.PASSED, millis, null, null, null);
                case ABORTED -> add(id, Outcome.Status.SKIPPED, millis, null, t == null ? null : firstLine(t.toString()), null);
                case FAILED -> add(id, Outcome.Status.FAILED, millis, firstError, thrown(t, className(id)), rootCause(t));
            }
        } else {
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                Throwable t = result.getThrowable().orElse(null);
                String why = "the test class failed: " + thrown(t, className(id));
                String cause = rootCause(t);
                containerFailures.put(id.getUniqueId(), why + (cause == null ? "" : " / root cause: " + cause));
                // tests the container never ran (a failing @BeforeAll or constructor) count as failed
                for (TestIdentifier d : plan.getDescendants(id)) {
                    if (d.isTest() && !done.contains(d.getUniqueId())) {
                        add(d, Outcome.Status.FAILED, 0, null, why, cause);
                    }
                }
            }
            classFinished(id);
        }
    }

    /** Failures of test classes outside any test (e.g. an @AfterAll), by class. */
    Map<String, String> containerFailures() {
        return Map.copyOf(containerFailures);
    }

    private void classFinished(TestIdentifier id) {
        if (!isClass(id)) {
            return;
        }
        classesDone++;
        String cls = className(id);
        int p = 0, f = 0, s = 0;
        long ms = 0;
        for (Outcome o : outcomes()) {
            if (o.className().equals(cls)) {
                switch (o.status()) {
                    case PASSED -> p++;
                    case FAILED -> f++;
                    case SKIPPED -> s++;
                }
                ms += o.millis();
            }
        }
        console.printf("[%3d/%d] %-58s %3d passed %3d failed %3d skipped %8s%n", classesDone, classes,
                TckReport.shortPackage(cls), p, f, s, TckReport.format(java.time.Duration.ofMillis(ms)));
        afterClass.run();
    }

    private void add(TestIdentifier id, Outcome.Status status, long millis, String firstError, String thrown, String cause) {
        if (done.add(id.getUniqueId())) {
            outcomes.add(new Outcome(className(id), methodName(id), status, millis, firstError, thrown, cause));
        }
    }

    private static boolean isClass(TestIdentifier id) {
        return id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }

    private static String className(TestIdentifier id) {
        TestSource s = id.getSource().orElse(null);
        if (s instanceof MethodSource m) {
            return m.getClassName();
        }
        if (s instanceof ClassSource c) {
            return c.getClassName();
        }
        return id.getDisplayName();
    }

    private static String methodName(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getDisplayName());
    }

    private static String name(TestIdentifier id) {
        return className(id) + "#" + methodName(id);
    }

    /** First line of what was thrown, with the line of the test class it came from. */
    static String thrown(Throwable t, String testClass) {
        if (t == null) {
            return null;
        }
        StackTraceElement at = null;
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(testClass) || e.getClassName().startsWith(testClass + "$")) {
                at = e;
                break;
            }
        }
        if (at == null) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("com.sun.ts.")) {
                    at = e;
                    break;
                }
            }
        }
        return firstLine(t.toString()) + (at == null ? "" : " at " + location(at));
    }

    /** The innermost cause with where it was thrown (and the first Jaqs frame, if that is elsewhere); null if none. */
    static String rootCause(Throwable t) {
        if (t == null) {
            return null;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = t;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        if (root == t) {
            return null;
        }
        StackTraceElement[] st = root.getStackTrace();
        StringBuilder b = new StringBuilder(firstLine(root.toString()));
        if (st.length > 0) {
            b.append(" at ").append(location(st[0]));
            if (!st[0].getClassName().startsWith("io.jaqs.")) {
                for (StackTraceElement e : st) {
                    if (e.getClassName().startsWith("io.jaqs.")) {
                        b.append(" via ").append(location(e));
                        break;
                    }
                }
            }
        }
        return b.toString();
    }

    private static String location(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
    }

    static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        String l = (nl < 0 ? s : s.substring(0, nl)).strip();
        return l.length() > 400 ? l.substring(0, 400) + " ..." : l;
    }
}
