package io.jaqs.samples.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.samples.common.SampleTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AutoscalingWorkersTest extends SampleTestSupport {

    @Test
    void thePoolGrowsWithTheSpikeAndShrinksBackWhenTheQueueDrains() throws Exception {
        AutoscalingWorkers.Result r = new AutoscalingWorkers(AutoscalingWorkers.config().minWorkers(1).maxWorkers(5)
                .backlogPerWorker(20).cooldownTicks(2).jobWork(Duration.ofMillis(100)).baselinePerTick(4).spike(200)
                .spikeAtTick(2).trafficTicks(5).dataDir(dir).time(time).out(out)).run();

        assertTrue(r.ok(), () -> "failed checks: " + r.failures());
        assertEquals(r.sent(), r.processed());
        assertEquals(0, r.processedTwice());
        assertEquals(5, r.maxWorkers(), "200 queued jobs at 20 per worker ask for the maximum");
        assertEquals(1, r.finalWorkers());
        List<AutoscalingWorkers.Sample> t = r.timeline();
        assertEquals(1, t.get(1).workers(), "one worker keeps up with the trickle");
        assertTrue(t.get(2).depth() >= 150, "the spike shows in ApproximateNumberOfMessages: " + t.get(2));
        assertEquals(5, t.get(2).workers(), "the pool grows in the tick that sees the spike");
        int peak = t.stream().mapToInt(AutoscalingWorkers.Sample::workers).max().orElseThrow();
        int firstSmaller = -1;
        for (int i = 3; i < t.size(); i++) {
            if (t.get(i).workers() < peak) {
                firstSmaller = i;
                break;
            }
        }
        assertTrue(firstSmaller > 0, "the pool shrinks");
        for (int i = firstSmaller + 1; i < t.size(); i++) {
            assertTrue(t.get(i).workers() <= t.get(i - 1).workers(), "once quiet, it only shrinks: " + t);
        }
        assertTrue(output().contains("pool grew 1 → 5 and shrank back to 1"), output());
    }
}
