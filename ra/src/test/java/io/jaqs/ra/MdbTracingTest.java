package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.tracing.OtelMessagingTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One trace id from a send to the process span an MDB's onMessage runs in (OpenTelemetry SDK, in-memory exporter). */
public class MdbTracingTest {
    @RegisterExtension
    final Container container = new Container();

    private final String url = "jdbc:h2:mem:ra-" + UUID.randomUUID();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(url);
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("traced");
    }

    /** Records the trace its onMessage runs in. */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "traced"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1")})
    public static class TracedMdb implements MessageListener {
        static final BlockingQueue<String> TRACE_IDS = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message message) {
            TRACE_IDS.add(Span.current().getSpanContext().getTraceId());
        }
    }

    @BeforeEach
    void telemetry() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        OtelMessagingTracing.use(sdk);
        TracedMdb.TRACE_IDS.clear();
    }

    @AfterEach
    void closeTelemetry() {
        OtelMessagingTracing.use(null);
        sdk.close();
    }

    @Test
    void theMdbRunsInTheProducersTrace() throws Exception {
        Container.deployBeans("traced", TracedMdb.class);
        Span request = sdk.getTracer("app").spanBuilder("http request").startSpan();
        try (Scope ignored = request.makeCurrent();
             Connection c = new JaqsConnectionFactory(url).createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue("traced")).send(s.createTextMessage("traced work"));
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        assertEquals(traceId, TracedMdb.TRACE_IDS.poll(30, TimeUnit.SECONDS), "onMessage ran in the producer's trace");

        SpanData send = null;
        SpanData process = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((send == null || process == null) && System.nanoTime() < deadline) {
            for (SpanData d : exporter.getFinishedSpanItems()) {
                if (d.getName().equals("send traced")) {
                    send = d;
                } else if (d.getName().equals("process traced")) {
                    process = d;
                }
            }
            Thread.sleep(5); // polling for an export that must happen, bounded
        }
        assertNotNull(send, "send span");
        assertNotNull(process, "process span");
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals(send.getSpanId(), process.getParentSpanId());
        assertEquals(traceId, process.getTraceId());
    }
}
