package io.jaqs.jms.tracing;

import io.jaqs.broker.MessageAttributeValue;
import jakarta.jms.Message;
import java.util.Map;

/**
 * Spans of the JMS front ends per OpenTelemetry's messaging semantic conventions — {@code send} (PRODUCER),
 * {@code receive} (CONSUMER, a synchronous receive), {@code process} (CONSUMER, around a MessageListener,
 * an MDB's onMessage or a CDI listener) — with the trace context carried in the message as the
 * {@code traceparent}/{@code tracestate} properties ({@link io.jaqs.broker.TraceHeaders}), so that one
 * trace runs from the producer through the listener.
 *
 * <p>The OpenTelemetry API is an optional dependency: when it is not on the class path this is a
 * no-op and nothing links it; when it is, spans go to {@code GlobalOpenTelemetry} or to the instance
 * given to {@code OtelMessagingTracing.use}. {@code messaging.system} is {@value #DEFAULT_SYSTEM} unless the
 * system property {@value #SYSTEM_PROPERTY} says otherwise (e.g. {@code aws_sqs}).
 */
public abstract class MessagingTracing {
    public static final String SYSTEM_PROPERTY = "jaqs.tracing.messagingSystem";
    public static final String DEFAULT_SYSTEM = "jaqs";

    private static final MessagingTracing INSTANCE = load();

    /** The tracing in force: OpenTelemetry's when its API is present, else a no-op. */
    public static MessagingTracing get() {
        return INSTANCE;
    }

    private static MessagingTracing load() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, MessagingTracing.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return new NoTracing();
        }
        try {
            // by name: this class must not link the OpenTelemetry API
            return (MessagingTracing) Class.forName("io.jaqs.jms.tracing.OtelMessagingTracing")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger(MessagingTracing.class.getName()).log(System.Logger.Level.WARNING,
                    "OpenTelemetry API present but unusable; no Jaqs spans: " + e);
            return new NoTracing();
        }
    }

    static String messagingSystem() {
        return System.getProperty(SYSTEM_PROPERTY, DEFAULT_SYSTEM);
    }

    /**
     * Starts a send span (child of the current context) and writes its context into {@code carrier},
     * the attributes the message will be stored with. End it with {@link Span#end}.
     */
    public abstract Span startSend(String destination, boolean topic, Map<String, MessageAttributeValue> carrier);

    /** Records a receive span for a message a synchronous receive returns (linked to the producer's context). */
    public abstract void received(Message message);

    /**
     * Starts a process span whose parent is the context the message carries, current until the
     * returned span's {@link Span#close}; end it with {@link Span#end}.
     */
    public abstract Span startProcess(Message message);

    /** A started span; every method is safe on a no-op span. */
    public interface Span extends AutoCloseable {
        void messageId(String id);

        void error(Throwable t);

        /** Ends the span (after {@link #close}, for a process span). */
        void end();

        /** Leaves the span's scope (process spans are current between start and close). */
        @Override
        void close();
    }

    static final Span NO_SPAN = new Span() {
        @Override
        public void messageId(String id) {
        }

        @Override
        public void error(Throwable t) {
        }

        @Override
        public void end() {
        }

        @Override
        public void close() {
        }
    };

    private static final class NoTracing extends MessagingTracing {
        @Override
        public Span startSend(String destination, boolean topic, Map<String, MessageAttributeValue> carrier) {
            return NO_SPAN;
        }

        @Override
        public void received(Message message) {
        }

        @Override
        public Span startProcess(Message message) {
            return NO_SPAN;
        }
    }
}
