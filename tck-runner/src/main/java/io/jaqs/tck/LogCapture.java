package io.jaqs.tck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The TCK's output (System.out, System.err, java.util.logging) goes to one log file; on the way the first
 * error line of the running test is remembered, for the report. One instance per stream, sharing the file.
 */
final class LogCapture extends OutputStream {
    /** java.util.logging SEVERE records (as formatted by the runner) and the TCK's TestUtil.logErr lines. */
    private static final Pattern ERROR_LINE = Pattern.compile("^SEVERE: .*|.*:  ERROR: .*");
    /** The TCK logs some confirmations at error level ("Got no exception (Correct)"): not a failure. */
    private static final Pattern NOT_AN_ERROR = Pattern.compile("(?i).*\\(correct\\).*");
    private static final int MAX_LINE = 400;

    /** The state shared by the streams: the log file and the running test's first error. */
    static final class Shared {
        private final OutputStream file;
        private String currentTest;
        private String firstError;

        Shared(OutputStream file) {
            this.file = file;
        }

        synchronized void beginTest(String name) throws IOException {
            currentTest = name;
            firstError = null;
            file.write(("\n===== START " + name + "\n").getBytes(StandardCharsets.UTF_8));
            file.flush();
        }

        /** Ends the test and returns its first error line (null if it logged none). */
        synchronized String endTest(String name, String status, long millis) throws IOException {
            file.write(("===== END " + name + " " + status + " " + millis + " ms\n").getBytes(StandardCharsets.UTF_8));
            file.flush();
            String e = firstError;
            currentTest = null;
            firstError = null;
            return e;
        }

        synchronized void line(byte[] bytes, int len) throws IOException {
            file.write(bytes, 0, len);
            if (currentTest != null && firstError == null) {
                String s = new String(bytes, 0, len, StandardCharsets.UTF_8).strip();
                if (ERROR_LINE.matcher(s).matches() && !NOT_AN_ERROR.matcher(s).matches()) {
                    firstError = s.length() > MAX_LINE ? s.substring(0, MAX_LINE) + " ..." : s;
                }
            }
        }

        synchronized void flush() throws IOException {
            file.flush();
        }
    }

    private final Shared shared;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LogCapture(Shared shared) {
        this.shared = shared;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (b == '\n') {
            shared.line(pending.toByteArray(), pending.size());
            pending.reset();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (pending.size() > 0) {
            shared.line(pending.toByteArray(), pending.size());
            pending.reset();
        }
        shared.flush();
    }
}
