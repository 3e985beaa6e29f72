package io.jaqs.samples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.samples.common.SampleTestSupport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ImagePipelineTest extends SampleTestSupport {

    @Test
    void everyImageIsWatermarkedAndTheKilledWorkersTaskIsRedelivered() throws Exception {
        ImagePipeline.Result r = new ImagePipeline(ImagePipeline.config().images(8).workers(2).size(200, 120)
                .visibilityTimeoutSeconds(5).dataDir(dir).time(time).out(out)).run();

        assertTrue(r.ok(), () -> "failed checks: " + r.failures());
        assertEquals(8, r.watermarked());
        assertEquals(8, r.completions());
        assertNotNull(r.killedImage());
        ImagePipeline.Completion k = r.killedImageCompletion();
        assertEquals(2, k.deliveryCount(), "the killed worker's task came back once its visibility timeout ran out");
        assertNotEquals("worker-0", k.worker());
        assertEquals(0, r.leftInQueues());
        try (Stream<Path> files = Files.list(r.outDir())) {
            List<Path> out = files.toList();
            assertEquals(8, out.size());
            for (Path p : out) {
                BufferedImage in = ImageIO.read(r.inDir().resolve(p.getFileName()).toFile());
                BufferedImage marked = ImageIO.read(p.toFile());
                assertEquals(in.getWidth(), marked.getWidth());
                assertTrue(ImagePipeline.changedFraction(in, marked) > 0.05, p + " carries a visible watermark");
            }
        }
    }

    @Test
    void theWatermarkCoversTheDiagonalAndLeavesTheCornersAlone() {
        BufferedImage photo = ImagePipeline.photo(320, 200, 1, new Random(1));
        BufferedImage marked = ImagePipeline.watermark(photo, "test");
        assertNotEquals(photo.getRGB(160, 100), marked.getRGB(160, 100), "the centre lies under the band");
        assertEquals(photo.getRGB(1, 1), marked.getRGB(1, 1), "the top-left corner is outside band and frame");
        assertEquals(photo.getRGB(318, 198), marked.getRGB(318, 198), "so is the bottom-right corner");
    }
}
