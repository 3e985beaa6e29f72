package io.jaqs;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link OptionalDependenciesTest} in a class loader without Micrometer, the OpenTelemetry
 * API and MicroProfile Health: sends and receives (synchronously and through a listener, the paths
 * that trace) and checks health, as an application without those jars would.
 */
public class NoOptionalDependenciesScenario implements Callable<String> {
    @Override
    public String call() throws Exception {
        for (String absent : new String[] {"io.micrometer.core.instrument.MeterRegistry", "io.opentelemetry.api.OpenTelemetry",
                "org.eclipse.microprofile.health.HealthCheck"}) {
            try {
                Class.forName(absent);
                return "not isolated: " + absent + " is visible";
            } catch (ClassNotFoundException expected) {
                // as it should be
            }
        }
        JaqsConnectionFactory f = new JaqsConnectionFactory("jdbc:h2:mem:no-optional-" + System.nanoTime());
        try (Connection c = f.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("plain");
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            s.createProducer(q).send(s.createTextMessage("one"));
            Message m = consumer.receive(5_000);
            consumer.close();
            Session listening = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
            listening.createConsumer(q).setMessageListener(x -> {
                try {
                    got.add(((TextMessage) x).getText());
                } catch (Exception e) {
                    got.add("error " + e);
                }
            });
            s.createProducer(q).send(s.createTextMessage("two"));
            String viaListener = got.poll(5, TimeUnit.SECONDS);
            boolean up = f.getBroker().checkHealth().up();
            return ((TextMessage) m).getText() + "," + viaListener + ",up=" + up;
        } finally {
            f.getBroker().close();
        }
    }
}
