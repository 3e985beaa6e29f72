package io.jaqs.samples.common;

import io.jaqs.broker.ManualClock;
import io.jaqs.jms.BrokerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A sample run on an H2 file in a temporary directory, on a clock that moves only when the sample says so. */
public abstract class SampleTestSupport {
    @TempDir
    protected Path dir;
    protected final ManualClock clock = new ManualClock();
    protected final Time time = Time.simulated(clock);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** The sample's output: kept for the assertions and echoed to the test's log. */
    protected final PrintStream out = new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);

    protected String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void closeStore() {
        BrokerRegistry.shutdown(Stores.h2Url(dir));
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
