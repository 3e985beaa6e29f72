package io.jaqs.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks requests against SQS's rules (sends, batches, receives, tags, queue attributes) before anything reaches the store. */
final class RequestValidator {
    private static final Pattern SQS_ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TRACE_HEADER = Pattern.compile("[\\x20-\\x7E]+");
    private static final Pattern GROUP_OR_DEDUP_ID = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern RECEIVE_ATTEMPT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1," + Limits.MAX_BATCH_ENTRY_ID_LENGTH + "}");

    private RequestValidator() {
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

    /** The whole batch (bodies, attribute names and values) against SQS's limit for one request. */
    static void checkBatchSize(List<SendMessageBatchEntry> entries) {
        long total = 0;
        for (SendMessageBatchEntry e : entries) {
            total += e.request().body().length;
            for (Map.Entry<String, MessageAttributeValue> a : e.request().attributes().entrySet()) {
                total += a.getKey().getBytes(StandardCharsets.UTF_8).length + a.getValue().sizeInBytes();
            }
        }
        if (total > Limits.MAX_MESSAGE_SIZE) {
            throw new BrokerException(ErrorCode.BATCH_REQUEST_TOO_LONG, "The batch is " + total
                    + " bytes in all; a batch may hold at most " + Limits.MAX_MESSAGE_SIZE + " bytes");
        }
    }

    /** A receive's parameters: counts, timeouts, the attempt id, and a continuation handle of this queue. */
    static void checkReceive(QueueState q, ReceiveMessageRequest request) {
        if (request.maxNumberOfMessages() < 1 || request.maxNumberOfMessages() > Limits.MAX_RECEIVE_MESSAGES) {
            throw BrokerException.invalidParameter("MaxNumberOfMessages must be from 1 to " + Limits.MAX_RECEIVE_MESSAGES
                    + ", got " + request.maxNumberOfMessages());
        }
        Integer vt = request.visibilityTimeoutSeconds();
        if (vt != null) {
            Limits.checkVisibilityTimeout(vt);
        }
        Integer wait = request.waitTimeSeconds();
        if (wait != null && (wait < 0 || wait > Limits.MAX_WAIT_TIME.toSeconds())) {
            throw BrokerException.invalidParameter("WaitTimeSeconds must be from 0 to " + Limits.MAX_WAIT_TIME.toSeconds()
                    + ", got " + wait);
        }
        String attemptId = request.receiveRequestAttemptId();
        if (attemptId != null && !RECEIVE_ATTEMPT_ID.matcher(attemptId).matches()) {
            throw BrokerException.invalidParameter("ReceiveRequestAttemptId must be 1 to 128 printable ASCII characters");
        }
        if (q.fifo && request.afterReceiptHandle() != null) {
            ReceiptHandle.forQueue(request.afterReceiptHandle(), q); // a handle of another queue, or no handle at all, is refused here
        }
    }

    /** {@code existing} with {@code add} put in, each tag checked, and the count checked against SQS's limit. */
    static Map<String, String> mergeTags(Map<String, String> add, Map<String, String> existing) {
        Map<String, String> merged = new java.util.TreeMap<>(existing);
        for (Map.Entry<String, String> e : add.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue();
            if (k == null || k.isEmpty() || k.length() > Limits.MAX_TAG_KEY_LENGTH || v.length() > Limits.MAX_TAG_VALUE_LENGTH
                    || k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw BrokerException.invalidParameter("Tag '" + k + "' is invalid: keys are 1 to " + Limits.MAX_TAG_KEY_LENGTH
                        + " characters not starting with aws:, values at most " + Limits.MAX_TAG_VALUE_LENGTH + " characters");
            }
            merged.put(k, v);
        }
        if (merged.size() > Limits.MAX_TAGS) {
            throw BrokerException.invalidParameter("A queue has at most " + Limits.MAX_TAGS + " tags; this would make " + merged.size());
        }
        return merged;
    }

    /**
     * Encryption at rest is the store's, not a queue's: SqsManagedSseEnabled reports
     * {@link io.jaqs.broker.store.QueueStore#encryptedAtRest()} (an H2 file store opened with a
     * storeEncryptionKey). Given in CreateQueue or SetQueueAttributes it must say what the store
     * does (true on an encrypted store, false on a plain one) and is then not stored; KmsMasterKeyId
     * is refused with a value, as Jaqs has no KMS (an empty value, SQS's "remove", is accepted). Both
     * refusals are InvalidAttributeValue naming the rule, before anything is written.
     *
     * @param encrypted whether the store is encrypted at rest
     * @return the attributes without those two (never null)
     */
    static Map<String, String> withoutStoreEncryption(Map<String, String> attributes, boolean encrypted) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        String sse = attributes.get(QueueAttributeName.SqsManagedSseEnabled.name());
        String kms = attributes.get(QueueAttributeName.KmsMasterKeyId.name());
        if (sse == null && kms == null) {
            return attributes;
        }
        if (kms != null && !kms.isBlank()) {
            throw BrokerException.invalidAttribute("KmsMasterKeyId is not supported: Jaqs has no KMS; it encrypts a whole H2"
                    + " file store at rest with the broker's storeEncryptionKey (SqsManagedSseEnabled reports it)");
        }
        if (sse != null) {
            String v = sse.trim();
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw BrokerException.invalidAttribute("SqsManagedSseEnabled must be true or false, got '" + sse + "'");
            }
            if (Boolean.parseBoolean(v) != encrypted) {
                throw BrokerException.invalidAttribute("SqsManagedSseEnabled=" + v + " cannot be set per queue: encryption at"
                        + " rest belongs to the store, and this store is " + (encrypted ? "encrypted (storeEncryptionKey)"
                        : "not encrypted (only an H2 file store opened with a storeEncryptionKey is)"));
            }
        }
        Map<String, String> rest = new java.util.LinkedHashMap<>(attributes);
        rest.remove(QueueAttributeName.SqsManagedSseEnabled.name());
        rest.remove(QueueAttributeName.KmsMasterKeyId.name());
        return rest;
    }
}
