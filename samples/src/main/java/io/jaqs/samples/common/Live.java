package io.jaqs.samples.common;

import java.io.PrintStream;

/**
 * A live status line at the bottom of the output. On a terminal it is rewritten in place with
 * {@code \r} (at most every {@code minMillis}); when the output goes to a file or a pipe it is
 * printed as a plain line every few seconds instead, so logs stay readable. Events print above it.
 */
public final class Live {
    private final PrintStream out;
    private final boolean terminal;
    private final long minNanos;
    private long lastPrinted;
    private String current = "";
    private String printed = "";

    public Live(PrintStream out, boolean terminal, long minMillis) {
        this.out = out;
        this.terminal = terminal;
        this.minNanos = (terminal ? minMillis : Math.max(minMillis, 3000)) * 1_000_000L;
    }

    /** Whether standard output is a terminal (where \r rewrites a line). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    /** Shows a new status; printed only if the last print is older than the rate limit (or force). */
    public synchronized void status(String line, boolean force) {
        current = line;
        long now = System.nanoTime();
        if (!force && lastPrinted != 0 && now - lastPrinted < minNanos) {
            return;
        }
        lastPrinted = now;
        printed = line;
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a line of its own above the status line, then the status again. */
    public synchronized void event(String line) {
        if (terminal) {
            out.print("\r\033[K" + line + "\n" + current + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the status line (call before printing the summary). */
    public synchronized void finish() {
        if (terminal && !current.isEmpty()) {
            out.print("\r" + current + "\033[K\n");
        } else if (!terminal && !current.isEmpty() && !current.equals(printed)) {
            out.println(current);
        }
        current = "";
        out.flush();
    }
}
