package io.jaqs.samples.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.samples.common.SampleTestSupport;
import io.jaqs.samples.common.Stores;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OrderDemoTest extends SampleTestSupport {

    private OrderDemo.Config small() {
        return OrderDemo.config().orders(120).customers(12).workers(2).dataDir(dir).time(time).out(out).terminal(false)
                .timeout(Duration.ofSeconds(40));
    }

    @Test
    void everyOrderIsDoneOnceInOrderAndThePoisonOrderIsDeadLetteredThenRedriven() throws Exception {
        // one inventory worker: a bulk order moves the shared test clock 3 s, which must not age another
        // inventory worker's order past the queue's 2 s visibility timeout
        OrderDemo.Result r = new OrderDemo(small().inventoryWorkers(1).bulkEvery(40).duplicateEvery(10)).run();

        assertTrue(r.ok(), () -> "failed checks: " + r.failures());
        assertEquals("orders: 120 sent, 120 done exactly once, 0 out of order, 1 dead-lettered and redriven", r.summaryLine());
        assertTrue(output().contains(r.summaryLine()), "the summary line is printed");
        assertEquals(12, r.duplicateSubmissions(), "every 10th order was submitted twice");
        assertEquals(0, r.doneMoreThanOnce());
        assertEquals(List.of(r.poisonOrder()), r.deadLettered());
        assertTrue(r.poisonDone());
        assertEquals(3, r.bulkOrders());
        assertEquals(3, r.visibilityExtensions());
        assertEquals(0, r.slowStepRedeliveries());
        assertEquals(0, r.leftInQueues());
        for (OrderDemo.StepReport s : r.steps()) {
            assertEquals(120, s.orders(), s.name());
        }
        String html = Files.readString(r.report());
        assertTrue(html.contains("Every check passed") && html.contains("<svg") && html.contains(r.poisonOrder()), "report");
    }

    @Test
    void theSlowStepKeepsItsOrdersWhileAnotherWorkerWaits() throws Exception {
        // one customer: one inventory order in flight at a time, so the second inventory worker is idle
        // and would take a bulk order whose visibility timeout ran out
        OrderDemo.Result r = new OrderDemo(small().orders(12).customers(1).inventoryWorkers(2).bulkEvery(4)
                .writeReport(false)).run();

        assertTrue(r.ok(), () -> "failed checks: " + r.failures());
        assertEquals(3, r.bulkOrders());
        assertEquals(3, r.visibilityExtensions());
        assertEquals(0, r.slowStepRedeliveries());
        assertEquals(0, r.commitConflicts());
    }

    /** The demo's inventory settings, step by step: without the extension another worker gets the order. */
    @Test
    void withoutTheExtensionABulkOrderIsRedeliveredToAnotherWorker() throws Exception {
        OrderDemo.Config cfg = small();
        JaqsConnectionFactory f = Stores.factory(Stores.h2Url(dir), time);
        f.setPrefetch(1);
        f.getBroker().createQueue(OrderDemo.INVENTORY, Map.of("VisibilityTimeout", Integer.toString(cfg.inventoryVisibilitySeconds)));
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Session a = c.createSession(Session.SESSION_TRANSACTED);
            Session b = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer workerA = a.createConsumer(a.createQueue(OrderDemo.INVENTORY));
            MessageConsumer workerB = b.createConsumer(b.createQueue(OrderDemo.INVENTORY));
            for (boolean extend : List.of(true, false)) {
                Order bulk = new Order(extend ? "O-000001" : "O-000002", "C-0001", extend ? 1 : 2, "web", 99_00, "EUR", 300, true, 0);
                s.createProducer(s.createQueue(OrderDemo.INVENTORY)).send(bulk.toMessage(s, 0));
                JaqsMessage m = (JaqsMessage) workerA.receive(5_000);
                assertNotNull(m);
                if (extend) {
                    m.changeVisibility(cfg.slowWork.multipliedBy(4).plusSeconds(cfg.inventoryVisibilitySeconds));
                }
                time.pass(cfg.slowWork); // worker A reserves stock at the warehouse
                Message stolen = workerB.receiveNoWait();
                if (extend) {
                    assertNull(stolen, "the extended order stays with worker A");
                    a.commit();
                } else {
                    assertNotNull(stolen, "without the extension the order is visible again and worker B takes it");
                    assertTrue(stolen.getJMSRedelivered());
                    assertEquals(bulk.id(), ((MapMessage) stolen).getString("id"));
                    b.commit();
                    a.rollback();
                }
            }
        }
    }
}
