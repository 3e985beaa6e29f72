package io.jaqs.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a send against SQS's rules before anything reaches the store. */
final class SendValidator {
    private static final Pattern SQS_ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TRACE_HEADER = Pattern.compile("[\\x20-\\x7E]+");
    private static final Pattern GROUP_OR_DEDUP_ID = Pattern.compile("[\\x21-\\x7E]+");
    static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1," + Limits.MAX_BATCH_ENTRY_ID_LENGTH + "}");

    private SendValidator() {
    }

    /** @return the message's size as SQS counts it (body + attribute names, types and values) */
    static int validate(QueueState q, SendMessageRequest r) {
        QueueSettings settings = q.settings;
        boolean sqsRules = !r.providerAttributeRules();
        if (sqsRules) {
            if (r.body().length == 0) {
                throw BrokerException.invalidParameter("The message body must not be empty (SQS needs 1 character at least)");
            }
            checkCharacters(r.body());
        }
        Map<String, MessageAttributeValue> attributes = r.attributes();
        if (sqsRules && attributes.size() > Limits.MAX_MESSAGE_ATTRIBUTES) {
            throw BrokerException.invalidParameter("A message may carry at most " + Limits.MAX_MESSAGE_ATTRIBUTES
                    + " message attributes; this one has " + attributes.size());
        }
        long size = r.body().length;
        for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
            String name = e.getKey();
            checkAttributeName(name, sqsRules);
            checkAttributeValue(name, e.getValue(), sqsRules);
            size += name.getBytes(StandardCharsets.UTF_8).length + e.getValue().sizeInBytes();
        }
        String trace = r.awsTraceHeader();
        if (trace != null && !TRACE_HEADER.matcher(trace).matches()) {
            throw BrokerException.invalidParameter("The message system attribute AWSTraceHeader must be a non-empty X-Ray"
                    + " trace header of printable ASCII characters (Root=1-...;Parent=...;Sampled=...)");
        }
        int max = settings.maximumMessageSize();
        if (size > max) {
            throw new BrokerException(ErrorCode.MESSAGE_TOO_LONG, "The message is " + size
                    + " bytes (body and attributes); queue " + q.name + " accepts at most " + max + " bytes (MaximumMessageSize)");
        }
        if (r.delaySeconds() != null) {
            if (r.delaySeconds() < 0 || r.delaySeconds() > Limits.MAX_DELAY.toSeconds()) {
                throw BrokerException.invalidParameter("DelaySeconds must be from 0 to " + Limits.MAX_DELAY.toSeconds()
                        + ", got " + r.delaySeconds());
            }
            if (q.fifo && r.delaySeconds() != 0) { // SQS accepts (and ignores) an explicit 0 on FIFO queues
                throw BrokerException.invalidParameter("FIFO queue " + q.name
                        + " does not take a per-message DelaySeconds; set the queue's DelaySeconds instead");
            }
        }
        if (r.priority() != null && (r.priority() < Limits.MIN_PRIORITY || r.priority() > Limits.MAX_PRIORITY)) {
            throw BrokerException.invalidParameter("Priority must be from " + Limits.MIN_PRIORITY + " to " + Limits.MAX_PRIORITY
                    + ", got " + r.priority());
        }
        if (q.fifo) {
            if (r.messageGroupId() == null || r.messageGroupId().isEmpty()) {
                throw new BrokerException(ErrorCode.MISSING_PARAMETER,
                        "FIFO queue " + q.name + " needs a MessageGroupId on every message");
            }
            checkId("MessageGroupId", r.messageGroupId(), Limits.MAX_GROUP_ID_LENGTH);
            if (r.messageDeduplicationId() != null) {
                checkId("MessageDeduplicationId", r.messageDeduplicationId(), Limits.MAX_DEDUPLICATION_ID_LENGTH);
            } else if (!settings.contentBasedDeduplication()) {
                throw BrokerException.invalidParameter("FIFO queue " + q.name + " needs a MessageDeduplicationId on every message,"
                        + " or ContentBasedDeduplication=true on the queue");
            }
        } else {
            if (r.messageDeduplicationId() != null) {
                throw BrokerException.invalidParameter("MessageDeduplicationId is only valid on FIFO queues; " + q.name + " is a standard queue");
            }
            if (r.messageGroupId() != null) {
                checkId("MessageGroupId", r.messageGroupId(), Limits.MAX_GROUP_ID_LENGTH);
            }
        }
        return (int) size;
    }

    private static void checkId(String what, String id, int maxLength) {
        if (id.length() > maxLength || !GROUP_OR_DEDUP_ID.matcher(id).matches()) {
            throw BrokerException.invalidParameter(what + " must be 1 to " + maxLength
                    + " printable ASCII characters without spaces, got '" + id + "'");
        }
    }

    private static void checkAttributeName(String name, boolean sqsRules) {
        if (name == null || name.isEmpty()) {
            throw BrokerException.invalidParameter("A message attribute name must not be empty");
        }
        if (!sqsRules) {
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.length() > Limits.MAX_ATTRIBUTE_NAME_LENGTH || !SQS_ATTRIBUTE_NAME.matcher(name).matches()
                || name.startsWith(".") || name.endsWith(".") || name.contains("..")
                || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw BrokerException.invalidParameter("Message attribute name '" + name + "' is invalid: up to "
                    + Limits.MAX_ATTRIBUTE_NAME_LENGTH + " characters of A-Z a-z 0-9 _ - ., not starting or ending with '.',"
                    + " no '..', not starting with AWS. or Amazon.");
        }
    }

    private static void checkAttributeValue(String name, MessageAttributeValue v, boolean sqsRules) {
        if (sqsRules) {
            // SQS: "Message (user) attribute 'x' must contain a non-empty value of type 'String'", and a
            // String value obeys the body's character rules (JMS properties may be empty: provider rules)
            boolean empty = v.isBinary() ? v.binaryValue().length == 0 : v.stringValue() == null || v.stringValue().isEmpty();
            if (empty) {
                throw BrokerException.invalidParameter("Message attribute '" + name + "' must contain a non-empty value of type '"
                        + v.dataType() + "'");
            }
            int bad = v.isBinary() ? -1 : firstInvalidCharacter(v.stringValue());
            if (bad >= 0) {
                throw BrokerException.invalidParameter(String.format("Message attribute '%s' holds the character U+%04X at index %d,"
                        + " which SQS does not allow", name, v.stringValue().codePointAt(bad), bad));
            }
        }
        String base = v.baseType();
        switch (base) {
            case "String" -> {
                if (v.isBinary()) {
                    throw BrokerException.invalidParameter("Message attribute '" + name + "' of type String has no string value");
                }
            }
            case "Number" -> {
                try {
                    new java.math.BigDecimal(v.stringValue().trim());
                } catch (NumberFormatException | NullPointerException e) {
                    throw BrokerException.invalidParameter("Message attribute '" + name + "' of type " + v.dataType()
                            + " has the value '" + v.stringValue() + "', which is not a number");
                }
            }
            case "Binary" -> {
                if (!v.isBinary()) {
                    throw BrokerException.invalidParameter("Message attribute '" + name + "' of type Binary has no binary value");
                }
            }
            default -> throw BrokerException.invalidParameter("Message attribute '" + name + "' has data type '" + v.dataType()
                    + "'; the type must be String, Number or Binary, optionally followed by .<custom label>");
        }
    }

    /** SQS accepts #x9 #xA #xD, #x20–#xD7FF, #xE000–#xFFFD and #x10000–#x10FFFF in valid UTF-8. */
    private static void checkCharacters(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BrokerException(ErrorCode.INVALID_MESSAGE_CONTENTS, "The message body is not valid UTF-8");
        }
        int bad = firstInvalidCharacter(text);
        if (bad >= 0) {
            throw new BrokerException(ErrorCode.INVALID_MESSAGE_CONTENTS, String.format(
                    "The message body holds the character U+%04X at index %d, which SQS does not allow", text.codePointAt(bad), bad));
        }
    }

    /** Index of the first character outside SQS's allowed set (a lone surrogate included), or -1. */
    private static int firstInvalidCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    static void checkBatch(java.util.List<String> ids) {
        if (ids.isEmpty()) {
            throw new BrokerException(ErrorCode.EMPTY_BATCH_REQUEST, "A batch needs at least one entry");
        }
        if (ids.size() > Limits.MAX_BATCH_ENTRIES) {
            throw new BrokerException(ErrorCode.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
                    "A batch holds at most " + Limits.MAX_BATCH_ENTRIES + " entries; this one has " + ids.size());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
                throw new BrokerException(ErrorCode.INVALID_BATCH_ENTRY_ID, "Batch entry id '" + id
                        + "' must be 1 to " + Limits.MAX_BATCH_ENTRY_ID_LENGTH + " characters of A-Z a-z 0-9 _ -");
            }
            if (!seen.add(id)) {
                throw new BrokerException(ErrorCode.BATCH_ENTRY_IDS_NOT_DISTINCT, "Batch entry id '" + id + "' is used twice");
            }
        }
    }
}
