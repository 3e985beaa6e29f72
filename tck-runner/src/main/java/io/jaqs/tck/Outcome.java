package io.jaqs.tck;

/**
 * The result of one TCK test.
 *
 * @param className  the test class (e.g. {@code com.sun.ts.tests.jms.core.queuetests.QueueTestsIT})
 * @param method     the test method
 * @param status     passed, failed or skipped (disabled or aborted)
 * @param millis     run time
 * @param firstError the first error line the test logged (its first failed check), or null
 * @param thrown     what the test threw (first line), with the test-class line it came from; or the skip reason
 * @param rootCause  the innermost cause (first line) with its first frame, or null when it is {@code thrown} itself
 */
record Outcome(String className, String method, Status status, long millis, String firstError, String thrown, String rootCause) {
    enum Status { PASSED, FAILED, SKIPPED }

    static Outcome passed(String className, String method, long millis) {
        return new Outcome(className, method, Status.PASSED, millis, null, null, null);
    }

    String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
