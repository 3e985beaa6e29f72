package io.jaqs.broker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a message carries its trace context, in one place for every front end: W3C Trace Context's
 * {@code traceparent} and {@code tracestate} as message attributes (JMS properties), and SQS's
 * {@code AWSTraceHeader} system attribute (X-Ray format), which the SQS API maps to and from
 * {@code traceparent}. The two formats hold the same ids: X-Ray's root {@code 1-<8 hex>-<24 hex>}
 * is the W3C trace id split after 8 digits, its Parent the span id, Sampled the sampled flag.
 */
public final class TraceHeaders {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** The SQS message system attribute of AWS X-Ray's trace header. */
    public static final String AWS_TRACE_HEADER = "AWSTraceHeader";
    /**
     * The attribute that stores a message's {@code AWSTraceHeader} system attribute: under the JMS
     * facade's own prefix, so JMS applications do not see it as a property, and front ends keep it
     * out of SQS message attributes ({@link ReceivedMessage#awsTraceHeader()} reads it).
     */
    public static final String STORED_AWS_TRACE_HEADER = "JMS_Jaqs_AWSTraceHeader";

    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern XRAY_ROOT = Pattern.compile("(?:^|;)\\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})");
    private static final Pattern XRAY_PARENT = Pattern.compile("(?:^|;)\\s*Parent=([0-9a-f]{16})");
    private static final Pattern XRAY_SAMPLED = Pattern.compile("(?:^|;)\\s*Sampled=([01])");

    private TraceHeaders() {
    }

    /** The X-Ray header of a W3C traceparent (version 00), or null when it is not one. */
    public static String toAwsTraceHeader(String traceparent) {
        Matcher m = traceparent == null ? null : W3C.matcher(traceparent.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        String traceId = m.group(1);
        boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
        return "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8) + ";Parent=" + m.group(2)
                + ";Sampled=" + (sampled ? "1" : "0");
    }

    /** The W3C traceparent of an X-Ray header with Root and Parent, or null when it has not both. */
    public static String fromAwsTraceHeader(String header) {
        if (header == null) {
            return null;
        }
        Matcher root = XRAY_ROOT.matcher(header);
        Matcher parent = XRAY_PARENT.matcher(header);
        if (!root.find() || !parent.find()) {
            return null;
        }
        Matcher sampled = XRAY_SAMPLED.matcher(header);
        boolean on = sampled.find() && sampled.group(1).equals("1");
        return "00-" + root.group(1) + root.group(2) + "-" + parent.group(1) + (on ? "-01" : "-00");
    }
}
