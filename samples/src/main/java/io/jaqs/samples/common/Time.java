package io.jaqs.samples.common;

import io.jaqs.broker.ManualClock;
import java.time.Clock;
import java.time.Duration;

/**
 * Where the samples' time comes from. A demo runs on the real clock; a test hands the broker a
 * {@link ManualClock} and lets "time pass" by advancing it, so no test waits for a visibility
 * timeout in real time.
 */
public interface Time {

    /** The clock to give the broker ({@code JaqsConnectionFactory#setClock}). */
    Clock clock();

    /** Lets {@code d} pass: the real clock sleeps, a simulated clock moves forward at once. */
    void pass(Duration d) throws InterruptedException;

    /** True when time only moves when {@link #pass} is called. */
    boolean simulated();

    static Time real() {
        return new Time() {
            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void pass(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }

            @Override
            public boolean simulated() {
                return false;
            }
        };
    }

    static Time simulated(ManualClock clock) {
        return new Time() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void pass(Duration d) {
                clock.advance(d);
            }

            @Override
            public boolean simulated() {
                return true;
            }
        };
    }
}
