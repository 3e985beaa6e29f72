package io.jaqs.bench;

import java.util.List;

/** Counts and time bounds of a run; the same for every system. */
final class Settings {
    boolean quick;
    /** Warm-up round length, measured rounds and their length (each round also stops at {@link #roundCap} messages). */
    double warmupSeconds = 1.0;
    int rounds = 2;
    double roundSeconds = 2.5;
    long roundCap = 50_000;
    /** Messages prefilled for the warm-up round of a receive workload (later rounds size theirs from its rate). */
    long warmupPrefill = 2_000;
    /** Time bound of one prefill (untimed work that the measured rounds need). */
    double prefillSeconds = 20;
    /** Time bound of the prefill that brings a queue to a depth. */
    double depthPrefillSeconds = 60;
    List<Long> depths = List.of(0L, 100_000L, 1_000_000L);
    /** Offered rate of the latency workload (messages/s), below every system's single-producer capacity. */
    int latencyRate = 50;
    long receiveTimeoutMillis = 1_000;
    /** Untimed warm-up of each system before its first workload (the same for all). */
    double systemWarmupSeconds = 3;

    /** Latency rounds run longer than the others, for enough samples at a low rate. */
    double latencyRoundSeconds() {
        return roundSeconds * 1.6;
    }

    /** The whole run's budget: workloads not started by then are reported as n/a. */
    double budgetSeconds = 14 * 60;

    static Settings quick() {
        Settings s = new Settings();
        s.quick = true;
        s.warmupSeconds = 0.25;
        s.rounds = 2;
        s.roundSeconds = 0.4;
        s.roundCap = 5_000;
        s.warmupPrefill = 500;
        s.prefillSeconds = 8;
        s.depthPrefillSeconds = 8;
        s.depths = List.of(0L, 2_000L, 10_000L);
        s.receiveTimeoutMillis = 500;
        s.budgetSeconds = 135;
        s.systemWarmupSeconds = 1;
        return s;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "each system warmed up %.0f s (untimed) before its first workload;"
                + " each workload: warm-up %.1f s, then %d rounds of %.1f s or %,d messages each (whichever first);"
                + " receive rounds prefilled (untimed, <= %.0f s); depths %s (prefill <= %.0f s);"
                + " latency at %d msg/s offered, rounds of %.1f s",
                systemWarmupSeconds, warmupSeconds, rounds, roundSeconds, roundCap, prefillSeconds, depths, depthPrefillSeconds,
                latencyRate, latencyRoundSeconds());
    }
}
