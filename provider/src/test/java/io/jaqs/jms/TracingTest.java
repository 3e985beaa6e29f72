package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.TraceHeaders;
import io.jaqs.jms.tracing.MessagingTracing;
import io.jaqs.jms.tracing.OtelMessagingTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from the producer through a MessageListener, with the OpenTelemetry SDK's in-memory
 * exporter: the send span is a child of the application's span, the process span a child of the
 * send span (through the message's traceparent property), and the listener runs inside it.
 */
class TracingTest extends JmsTestSupport {
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private Tracer app;

    @BeforeEach
    void openTelemetry() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        OtelMessagingTracing.use(sdk);
        app = sdk.getTracer("the-application");
    }

    @AfterEach
    void closeTelemetry() {
        OtelMessagingTracing.use(null);
        System.clearProperty(MessagingTracing.SYSTEM_PROPERTY);
        sdk.close();
    }

    private SpanData span(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            for (SpanData s : exporter.getFinishedSpanItems()) {
                if (s.getName().equals(name)) {
                    return s;
                }
            }
            Thread.sleep(5); // polling for an export that must happen, bounded
        }
        throw new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems());
    }

    /** A listener that records the span it runs in and the message's traceparent property. */
    private static jakarta.jms.MessageListener recording(BlockingQueue<SpanContext> inListener, BlockingQueue<String> traceparents) {
        return m -> {
            inListener.add(Span.current().getSpanContext());
            try {
                traceparents.add(m.getStringProperty(TraceHeaders.TRACEPARENT));
            } catch (Exception e) {
                traceparents.add("error " + e);
            }
        };
    }

    @Test
    void oneTraceFromTheSendToTheListenersProcessSpan() throws Exception {
        Connection c = connection();
        Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue orders = producerSession.createQueue("orders");
        BlockingQueue<SpanContext> inListener = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> traceparents = new ArrayBlockingQueue<>(1);
        Session consumerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumerSession.createConsumer(orders).setMessageListener(recording(inListener, traceparents));
        c.start();

        Span checkout = app.spanBuilder("checkout").startSpan();
        TextMessage sent;
        try (Scope ignored = checkout.makeCurrent()) {
            MessageProducer p = producerSession.createProducer(orders);
            sent = producerSession.createTextMessage("order 1");
            p.send(sent);
        } finally {
            checkout.end();
        }
        String traceId = checkout.getSpanContext().getTraceId();

        SpanContext listenerContext = inListener.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(listenerContext, "the listener ran");
        assertEquals(traceId, listenerContext.getTraceId(), "the listener runs in the producer's trace");

        SpanData send = span("send orders");
        SpanData process = span("process orders");
        assertEquals(SpanKind.PRODUCER, send.getKind());
        assertEquals(checkout.getSpanContext().getSpanId(), send.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals(traceId, send.getTraceId());
        assertEquals(traceId, process.getTraceId());
        assertEquals(send.getSpanId(), process.getParentSpanId(), "process is a child of send, through the message");
        assertEquals(listenerContext.getSpanId(), process.getSpanId(), "the listener ran inside the process span");
        assertEquals("00-" + traceId + "-" + send.getSpanId() + "-" + send.getSpanContext().getTraceFlags().asHex(), traceparents.poll(WAIT_MS, TimeUnit.MILLISECONDS),
                "traceparent is a message property");
        for (SpanData s : List.of(send, process)) {
            assertEquals("jaqs", s.getAttributes().get(SYSTEM));
            assertEquals("orders", s.getAttributes().get(DESTINATION));
            assertEquals(sent.getJMSMessageID(), s.getAttributes().get(MESSAGE_ID));
        }
        assertEquals("send", send.getAttributes().get(OPERATION));
        assertEquals("process", process.getAttributes().get(OPERATION));
    }

    @Test
    void aSynchronousReceiveRecordsAReceiveSpanLinkedToTheSendAndTheSystemIsConfigurable() throws Exception {
        System.setProperty(MessagingTracing.SYSTEM_PROPERTY, "aws_sqs");
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("pulled");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Span job = app.spanBuilder("job").startSpan();
        try (Scope ignored = job.makeCurrent()) {
            s.createProducer(q).send(s.createTextMessage("x"));
        } finally {
            job.end();
        }
        Message m = consumer.receive(WAIT_MS);
        assertNotNull(m);
        SpanData send = span("send pulled");
        SpanData receive = span("receive pulled");
        assertEquals(SpanKind.CONSUMER, receive.getKind());
        assertEquals(1, receive.getLinks().size());
        SpanContext link = receive.getLinks().get(0).getSpanContext();
        assertEquals(send.getTraceId(), link.getTraceId(), "linked to the message's creation");
        assertEquals(send.getSpanId(), link.getSpanId(), "linked to the message's creation");
        assertEquals("aws_sqs", receive.getAttributes().get(SYSTEM));
        assertEquals("aws_sqs", send.getAttributes().get(SYSTEM));
        assertEquals(m.getJMSMessageID(), receive.getAttributes().get(MESSAGE_ID));
    }

    @Test
    void aMessageSentWithOnlyAnAwsTraceHeaderIsProcessedInThatTrace() throws Exception {
        // what an SQS client's SendMessage with MessageSystemAttributes.AWSTraceHeader stores: no traceparent
        factory.getBroker().createQueue("from-sqs", java.util.Map.of());
        factory.getBroker().sendMessage("from-sqs", io.jaqs.broker.SendMessageRequest.builder("order 7")
                .awsTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1").build());
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BlockingQueue<SpanContext> inListener = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> traceparents = new ArrayBlockingQueue<>(1);
        s.createConsumer(s.createQueue("from-sqs")).setMessageListener(recording(inListener, traceparents));
        c.start();

        SpanContext listenerContext = inListener.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(listenerContext, "the listener ran");
        assertEquals("5759e988bd862e3fe1be46a994272793", listenerContext.getTraceId(), "the X-Ray root is the trace");
        SpanData process = span("process from-sqs");
        assertEquals("53995c3f42cd8ad8", process.getParentSpanId(), "the X-Ray parent is the process span's parent");
        assertTrue(process.getSpanContext().isSampled(), "Sampled=1 carries over");
        assertEquals("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", traceparents.poll(WAIT_MS, TimeUnit.MILLISECONDS),
                "the JMS message carries the X-Ray header as its traceparent property");
    }

    @Test
    void awsTraceHeaderMapsToAndFromTraceparent() {
        String tp = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01";
        String aws = TraceHeaders.toAwsTraceHeader(tp);
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", aws);
        assertEquals(tp, TraceHeaders.fromAwsTraceHeader(aws));
        assertEquals("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
                TraceHeaders.fromAwsTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"));
        assertNull(TraceHeaders.toAwsTraceHeader("not a traceparent"));
        assertNull(TraceHeaders.fromAwsTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793"), "no Parent: no span to continue");
        assertTrue(TraceHeaders.toAwsTraceHeader(tp.replace("-01", "-00")).endsWith("Sampled=0"));
    }
}
