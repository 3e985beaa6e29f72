package io.jaqs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TckReportTest {
    private static final String Q = "com.sun.ts.tests.jms.core.queuetests.QueueTestsIT";
    private static final String C = "com.sun.ts.tests.jms.core20.connectionfactorytests.ClientIT";

    private final List<Outcome> outcomes = List.of(
            Outcome.passed(Q, "a", 10),
            Outcome.passed(Q, "b", 10),
            new Outcome(Q, "c", Outcome.Status.FAILED, 2000, "SEVERE: Error: did not receive message",
                    "java.lang.Exception: c failed at QueueTestsIT.c(QueueTestsIT.java:42)", null),
            new Outcome(C, "d", Outcome.Status.SKIPPED, 0, null, "disabled", null),
            new Outcome(C, "e", Outcome.Status.FAILED, 5, null, "java.lang.Exception: e failed",
                    "jakarta.jms.JMSException: boom at JaqsSession.x(JaqsSession.java:7)"));

    @Test
    void endsWithTheTotalsLine() {
        String r = TckReport.render(List.of("Date: now"), outcomes, List.of(), Duration.ofSeconds(75), true);
        assertTrue(r.endsWith("TCK: 2 passed, 2 failed, 1 skipped of 5\n"), r);
        assertTrue(r.contains("Run time: 1m15s"), r);
        assertFalse(r.contains("IN PROGRESS"), r);
    }

    @Test
    void totalsPerPackageAndGroup() {
        String r = TckReport.render(List.of(), outcomes, List.of(), Duration.ZERO, true);
        assertTrue(r.lines().anyMatch(l -> l.matches("core\\s+2\\s+1\\s+0\\s+3\\s+.*")), r);
        assertTrue(r.lines().anyMatch(l -> l.matches("  core\\.queuetests\\s+2\\s+1\\s+0\\s+3\\s+.*")), r);
        assertTrue(r.lines().anyMatch(l -> l.matches("core20\\s+0\\s+1\\s+1\\s+2\\s+.*")), r);
        assertTrue(r.lines().anyMatch(l -> l.matches("all\\s+2\\s+2\\s+1\\s+5\\s+.*")), r);
    }

    @Test
    void listsEveryFailureWithItsFirstErrorAndCause() {
        String r = TckReport.render(List.of(), outcomes, List.of("X: @AfterAll failed"), Duration.ZERO, true);
        assertTrue(r.contains("Failures (2)"), r);
        assertTrue(r.contains("core.queuetests.QueueTestsIT#c"), r);
        assertTrue(r.contains("first error: SEVERE: Error: did not receive message"), r);
        assertTrue(r.contains("thrown:      java.lang.Exception: c failed at QueueTestsIT.c(QueueTestsIT.java:42)"), r);
        assertTrue(r.contains("root cause:  jakarta.jms.JMSException: boom at JaqsSession.x(JaqsSession.java:7)"), r);
        assertTrue(r.contains("Failures outside tests (1)"), r);
        assertTrue(r.contains("core20.connectionfactorytests.ClientIT#d: disabled"), r);
    }

    @Test
    void partialReportHasNoTotalsLine() {
        String r = TckReport.render(List.of(), outcomes, List.of(), Duration.ZERO, false);
        assertTrue(r.contains("RUN IN PROGRESS"), r);
        assertFalse(r.contains("TCK: "), r);
    }

    @Test
    void emptyRun() {
        assertTrue(TckReport.render(List.of(), List.of(), List.of(), Duration.ZERO, true).endsWith("TCK: 0 passed, 0 failed, 0 skipped of 0\n"));
    }

    @Test
    void thrownAndRootCause() {
        Exception cause = new IllegalStateException("inner\nsecond line");
        Exception top = new Exception("outer", new RuntimeException("middle", cause));
        assertTrue(TckResults.thrown(top, TckReportTest.class.getName()).startsWith("java.lang.Exception: outer at TckReportTest.thrownAndRootCause(TckReportTest.java:"));
        String root = TckResults.rootCause(top);
        assertTrue(root.startsWith("java.lang.IllegalStateException: inner at TckReportTest.thrownAndRootCause("), root);
        assertNull(TckResults.rootCause(cause));
        assertEquals("a", TckResults.firstLine("a\nb"));
    }

    @Test
    void rerunsGoBeforeTheFinalLineWhichKeepsTheRunsCounts() {
        String r = TckReport.render(List.of(), outcomes, List.of(), Duration.ZERO, true);
        String withReruns = TckReport.withReruns(r, List.of(
                "core.queuetests.QueueTestsIT#c: " + TckReport.rerunVerdict("TCK: 1 passed, 0 failed, 0 skipped of 1"),
                "core20.connectionfactorytests.ClientIT#e: " + TckReport.rerunVerdict("TCK: 0 passed, 1 failed, 0 skipped of 1")));
        assertTrue(withReruns.endsWith("\n\nTCK: 2 passed, 2 failed, 1 skipped of 5\n"), withReruns);
        assertTrue(withReruns.contains("Failures rerun alone (2)\n      core.queuetests.QueueTestsIT#c: passes alone on a fresh store"),
                withReruns);
        assertTrue(withReruns.contains("ClientIT#e: fails alone on a fresh store too"), withReruns);
        assertTrue(withReruns.startsWith(r.substring(0, r.lastIndexOf("TCK: "))), withReruns);
    }

    @Test
    void aRerunWithoutAResultIsInconclusive() {
        assertEquals("rerun inconclusive (no result)", TckReport.rerunVerdict(""));
        assertTrue(TckReport.rerunVerdict("TCK: 0 passed, 0 failed, 0 skipped of 0").startsWith("rerun inconclusive ("));
    }
}
