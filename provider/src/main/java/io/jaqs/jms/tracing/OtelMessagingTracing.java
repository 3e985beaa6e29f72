package io.jaqs.jms.tracing;

import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.TraceHeaders;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.List;
import java.util.Map;

/** {@link MessagingTracing} through the OpenTelemetry API; loaded by name only when that API is present. */
public final class OtelMessagingTracing extends MessagingTracing {
    static final String INSTRUMENTATION = "io.jaqs";
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    private static volatile OpenTelemetry explicit;

    /** Spans go to this instance from now on instead of {@code GlobalOpenTelemetry} (null: back to the global one). */
    public static void use(OpenTelemetry openTelemetry) {
        explicit = openTelemetry;
    }

    private static OpenTelemetry otel() {
        OpenTelemetry o = explicit;
        return o != null ? o : GlobalOpenTelemetry.get();
    }

    private static Tracer tracer(OpenTelemetry o) {
        return o.getTracer(INSTRUMENTATION);
    }

    private static final TextMapSetter<Map<String, MessageAttributeValue>> SETTER =
            (carrier, key, value) -> carrier.put(key, MessageAttributeValue.string(value));

    private static final TextMapGetter<Message> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message m) {
            return List.of(TraceHeaders.TRACEPARENT, TraceHeaders.TRACESTATE);
        }

        @Override
        public String get(Message m, String key) {
            try {
                return m == null || !m.propertyExists(key) ? null : m.getStringProperty(key);
            } catch (JMSException | RuntimeException e) {
                return null;
            }
        }
    };

    @Override
    public Span startSend(String destination, boolean topic, Map<String, MessageAttributeValue> carrier) {
        OpenTelemetry o = otel();
        io.opentelemetry.api.trace.Span span = tracer(o).spanBuilder("send " + destination).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, messagingSystem()).setAttribute(DESTINATION, destination)
                .setAttribute(OPERATION_NAME, "send").setAttribute(OPERATION_TYPE, "send").startSpan();
        o.getPropagators().getTextMapPropagator().inject(Context.current().with(span), carrier, SETTER);
        return new OtelSpan(span, null);
    }

    @Override
    public void received(Message message) {
        OpenTelemetry o = otel();
        String destination = destinationName(message);
        SpanBuilder b = tracer(o).spanBuilder("receive " + destination).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, messagingSystem()).setAttribute(DESTINATION, destination)
                .setAttribute(OPERATION_NAME, "receive").setAttribute(OPERATION_TYPE, "receive");
        SpanContext producer = io.opentelemetry.api.trace.Span.fromContext(
                o.getPropagators().getTextMapPropagator().extract(Context.root(), message, GETTER)).getSpanContext();
        if (producer.isValid()) {
            b.addLink(producer);
        }
        io.opentelemetry.api.trace.Span span = b.startSpan();
        setMessageId(span, message);
        span.end();
    }

    @Override
    public Span startProcess(Message message) {
        OpenTelemetry o = otel();
        String destination = destinationName(message);
        Context parent = o.getPropagators().getTextMapPropagator().extract(Context.current(), message, GETTER);
        io.opentelemetry.api.trace.Span span = tracer(o).spanBuilder("process " + destination).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER).setAttribute(SYSTEM, messagingSystem()).setAttribute(DESTINATION, destination)
                .setAttribute(OPERATION_NAME, "process").setAttribute(OPERATION_TYPE, "process").startSpan();
        setMessageId(span, message);
        return new OtelSpan(span, span.makeCurrent());
    }

    private static void setMessageId(io.opentelemetry.api.trace.Span span, Message message) {
        try {
            String id = message.getJMSMessageID();
            if (id != null) {
                span.setAttribute(MESSAGE_ID, id);
            }
        } catch (JMSException ignored) {
            // no id: the attribute is optional
        }
    }

    private static String destinationName(Message m) {
        try {
            Destination d = m.getJMSDestination();
            if (d instanceof Queue q) {
                return q.getQueueName();
            }
            if (d instanceof Topic t) {
                return t.getTopicName();
            }
        } catch (JMSException ignored) {
            // fall through
        }
        return "unknown";
    }

    private static final class OtelSpan implements Span {
        private final io.opentelemetry.api.trace.Span span;
        private final Scope scope;

        OtelSpan(io.opentelemetry.api.trace.Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        @Override
        public void messageId(String id) {
            if (id != null) {
                span.setAttribute(MESSAGE_ID, id);
            }
        }

        @Override
        public void error(Throwable t) {
            span.recordException(t);
            span.setStatus(StatusCode.ERROR, String.valueOf(t.getMessage()));
        }

        @Override
        public void end() {
            span.end();
        }

        @Override
        public void close() {
            if (scope != null) {
                scope.close();
            }
        }
    }
}
