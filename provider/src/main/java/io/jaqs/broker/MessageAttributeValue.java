package io.jaqs.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message attribute, shaped like SQS's: a data type ({@code String}, {@code Number} or
 * {@code Binary}, optionally followed by a custom label such as {@code Number.int}) and either a
 * string value (String and Number types) or a binary value (Binary type).
 */
public final class MessageAttributeValue {
    private final String dataType;
    private final String stringValue;
    private final byte[] binaryValue;

    private MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue) {
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.stringValue = stringValue;
        this.binaryValue = binaryValue;
    }

    public static MessageAttributeValue string(String value) {
        return new MessageAttributeValue("String", Objects.requireNonNull(value, "value"), null);
    }

    public static MessageAttributeValue string(String customType, String value) {
        return new MessageAttributeValue("String." + customType, Objects.requireNonNull(value, "value"), null);
    }

    public static MessageAttributeValue number(String value) {
        return new MessageAttributeValue("Number", Objects.requireNonNull(value, "value"), null);
    }

    public static MessageAttributeValue number(String customType, String value) {
        return new MessageAttributeValue("Number." + customType, Objects.requireNonNull(value, "value"), null);
    }

    public static MessageAttributeValue binary(byte[] value) {
        return new MessageAttributeValue("Binary", null, Objects.requireNonNull(value, "value").clone());
    }

    public static MessageAttributeValue binary(String customType, byte[] value) {
        return new MessageAttributeValue("Binary." + customType, null, Objects.requireNonNull(value, "value").clone());
    }

    /** Builds a value from its parts as stored; the type decides which part is used. */
    public static MessageAttributeValue of(String dataType, String stringValue, byte[] binaryValue) {
        if (dataType.startsWith("Binary")) {
            return new MessageAttributeValue(dataType, null, binaryValue == null ? new byte[0] : binaryValue.clone());
        }
        return new MessageAttributeValue(dataType, stringValue == null ? "" : stringValue, null);
    }

    /** Full data type, e.g. {@code Number.int}. */
    public String dataType() {
        return dataType;
    }

    /** The base type: {@code String}, {@code Number} or {@code Binary}. */
    public String baseType() {
        int dot = dataType.indexOf('.');
        return dot < 0 ? dataType : dataType.substring(0, dot);
    }

    /** The custom label after the base type ({@code int} in {@code Number.int}), or null. */
    public String customType() {
        int dot = dataType.indexOf('.');
        return dot < 0 ? null : dataType.substring(dot + 1);
    }

    public boolean isBinary() {
        return binaryValue != null;
    }

    public String stringValue() {
        return stringValue;
    }

    public byte[] binaryValue() {
        return binaryValue == null ? null : binaryValue.clone();
    }

    /** Bytes this attribute counts against MaximumMessageSize (name is counted by the caller). */
    public int sizeInBytes() {
        int valueSize = binaryValue != null ? binaryValue.length
                : stringValue.getBytes(StandardCharsets.UTF_8).length;
        return dataType.getBytes(StandardCharsets.UTF_8).length + valueSize;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MessageAttributeValue other)) {
            return false;
        }
        return dataType.equals(other.dataType) && Objects.equals(stringValue, other.stringValue)
                && Arrays.equals(binaryValue, other.binaryValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, stringValue, Arrays.hashCode(binaryValue));
    }

    @Override
    public String toString() {
        return dataType + "=" + (binaryValue != null ? "<" + binaryValue.length + " bytes>" : stringValue);
    }
}
