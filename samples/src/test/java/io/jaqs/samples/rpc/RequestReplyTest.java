package io.jaqs.samples.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.samples.common.SampleTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RequestReplyTest extends SampleTestSupport {

    @Test
    void everyRequestGetsItsOwnReplyOnItsClientsTemporaryQueue() throws Exception {
        RequestReply.Result r = new RequestReply(RequestReply.config().servers(2).clients(3).requestsPerClient(40)
                .dataDir(dir).time(time).out(out)).run();

        assertTrue(r.ok(), () -> "failed checks: " + r.failures());
        assertEquals(120, r.requests());
        assertEquals(120, r.replies());
        assertEquals(120, r.correlated());
        assertEquals(0, r.wrong());
        assertEquals(0, r.unanswered());
        assertEquals(0, r.temporaryQueuesLeft(), "closing a connection deletes its temporary queue");
    }
}
