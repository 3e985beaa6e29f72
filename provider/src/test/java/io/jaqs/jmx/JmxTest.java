package io.jaqs.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerTestSupport;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.SendMessageRequest;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/** The broker's MBeans through the platform MBeanServer, as JConsole reaches them. */
class JmxTest extends BrokerTestSupport {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** This test's broker's MBeans (other brokers may be open in the JVM). */
    private ObjectName queueName(String queue) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("io.jaqs:type=Queue,name=" + ObjectName.quote(queue) + ",*"), null);
        ObjectName brokerName = brokerName();
        String instance = brokerName.getKeyProperty("instance");
        return names.stream().filter(n -> instance.equals(n.getKeyProperty("instance"))).findFirst().orElseThrow(
                () -> new AssertionError("no MBean for queue " + queue + " of broker " + brokerName + " in " + names));
    }

    private ObjectName brokerName() throws Exception {
        String store = ObjectName.quote(broker.store().displayName());
        Set<ObjectName> names = server.queryNames(new ObjectName("io.jaqs:type=Broker,store=" + store + ",*"), null);
        assertEquals(1, names.size(), names.toString());
        return names.iterator().next();
    }

    private long visible(ObjectName q) throws Exception {
        server.invoke(q, "refresh", null, null);
        return (Long) server.getAttribute(q, "ApproximateNumberOfMessagesVisible");
    }

    @Test
    void purgeBrowseAndAttributesThroughMBeans() throws Exception {
        queue("jobs");
        for (int i = 0; i < 3; i++) {
            broker.sendMessage("jobs", SendMessageRequest.builder("job " + i).build());
        }
        ObjectName jobs = queueName("jobs");
        assertEquals(3L, visible(jobs));
        String[] browsed = (String[]) server.invoke(jobs, "browse", new Object[] {2}, new String[] {"int"});
        assertEquals(2, browsed.length);
        assertTrue(browsed[0].endsWith("| job 0") && browsed[1].endsWith("| job 1"), String.join("\n", browsed));
        assertEquals(3L, visible(jobs), "browsing received nothing");

        server.invoke(jobs, "setQueueAttribute", new Object[] {"VisibilityTimeout", "45"}, new String[] {"java.lang.String", "java.lang.String"});
        assertEquals("45", broker.getQueueAttributes("jobs", List.of("VisibilityTimeout")).get("VisibilityTimeout"));
        RuntimeMBeanException bad = assertThrows(RuntimeMBeanException.class, () -> server.invoke(jobs, "setQueueAttribute",
                new Object[] {"VisibilityTimeout", "99999"}, new String[] {"java.lang.String", "java.lang.String"}));
        assertTrue(bad.getCause().getMessage().startsWith("InvalidAttributeValue"), bad.getCause().getMessage());
        assertEquals("45", broker.getQueueAttributes("jobs", List.of("VisibilityTimeout")).get("VisibilityTimeout"), "unchanged");

        server.invoke(jobs, "purge", null, null);
        assertEquals(0L, visible(jobs));
        RuntimeMBeanException again = assertThrows(RuntimeMBeanException.class, () -> server.invoke(jobs, "purge", null, null));
        assertTrue(again.getCause().getMessage().contains("PurgeQueueInProgress"), again.getCause().getMessage());
    }

    @Test
    void redriveADeadLetterQueueThroughItsMBean() throws Exception {
        queue("work-dlq");
        queue("work", "RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:work-dlq\",\"maxReceiveCount\":\"1\"}");
        for (int i = 0; i < 4; i++) {
            broker.sendMessage("work", SendMessageRequest.builder("w" + i).build());
        }
        assertEquals(4, broker.receiveMessage("work", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0).withVisibilityTimeoutSeconds(5)).size());
        clock.advanceSeconds(6);
        assertEquals(0, broker.receiveMessage("work", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).size(), "all moved");
        ObjectName dlq = queueName("work-dlq");
        ObjectName work = queueName("work");
        assertEquals(4L, visible(dlq));
        assertArrayEquals(new String[] {"work"}, (String[]) server.getAttribute(dlq, "DeadLetterSourceQueues"));

        String handle = (String) server.invoke(dlq, "startMessageMoveTask", new Object[] {"", 0}, new String[] {"java.lang.String", "int"});
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String[] tasks;
        do {
            tasks = (String[]) server.getAttribute(dlq, "MessageMoveTasks");
        } while (!tasks[0].contains("COMPLETED") && System.nanoTime() < deadline);
        assertEquals(handle + " COMPLETED 4/4", tasks[0]);
        assertEquals(0L, visible(dlq));
        assertEquals(4L, visible(work), "back in the source queue");

        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(work, "startMessageMoveTask",
                new Object[] {"", 0}, new String[] {"java.lang.String", "int"}));
        assertTrue(e.getCause().getMessage().contains("is not a dead-letter queue"), e.getCause().getMessage());
    }

    @Test
    void brokerMBeanCreatesQueuesWhoseMBeansFollowAndNothingLeaksAcrossOpenAndClose() throws Exception {
        ObjectName all = BrokerManagement.allNames();
        int before = server.queryNames(all, null).size();
        ObjectName b = brokerName();
        assertEquals(Boolean.TRUE, server.getAttribute(b, "Healthy"));
        server.invoke(b, "createQueue", new Object[] {"made-by-jmx"}, new String[] {"java.lang.String"});
        queueName("made-by-jmx");
        assertEquals(before + 1, server.queryNames(all, null).size());
        server.invoke(b, "deleteQueue", new Object[] {"made-by-jmx"}, new String[] {"java.lang.String"});
        assertEquals(before, server.queryNames(all, null).size());
        queue("stays");
        for (int cycle = 0; cycle < 3; cycle++) {
            restart();
            queueName("stays"); // registered again on open, from the store's queues
        }
        int open = server.queryNames(all, null).size();
        broker.close();
        assertEquals(open - 2, server.queryNames(all, null).size(), "the broker and its one queue unregistered on close");
        assertTrue(server.queryNames(all, null).stream().noneMatch(n -> n.getKeyProperty("instance")
                .equals(b.getKeyProperty("instance"))), "nothing of the first instance either");
    }
}
