package io.jaqs.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The Jakarta Messaging conversion tables: properties (section 3.5.4) and MapMessage/StreamMessage
 * values (section 3.11.3). Properties never hold {@code Character} or {@code byte[]}, so one table
 * serves both. A null value (missing property/map entry, or a null stream field) converts like
 * the target type's {@code valueOf(null)}: false for boolean, null for String and byte[],
 * {@link NumberFormatException} for the integral types, {@link NullPointerException} for float,
 * double and char.
 */
final class TypeConversion {

    private TypeConversion() {
    }

    static boolean toBoolean(Object v) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.parseBoolean((String) v);
        }
        throw cannot(v, "boolean");
    }

    static byte toByte(Object v) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.parseByte((String) v);
        }
        throw cannot(v, "byte");
    }

    static short toShort(Object v) throws MessageFormatException {
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Short.parseShort((String) v);
        }
        throw cannot(v, "short");
    }

    static int toInt(Object v) throws MessageFormatException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.parseInt((String) v);
        }
        throw cannot(v, "int");
    }

    static long toLong(Object v) throws MessageFormatException {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.parseLong((String) v);
        }
        throw cannot(v, "long");
    }

    static float toFloat(Object v) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.parseFloat((String) v); // null -> NullPointerException, as Float.valueOf(null)
        }
        throw cannot(v, "float");
    }

    static double toDouble(Object v) throws MessageFormatException {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Double.parseDouble((String) v); // null -> NullPointerException
        }
        throw cannot(v, "double");
    }

    static char toChar(Object v) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("the value is null, and null cannot be read as a char");
        }
        throw cannot(v, "char");
    }

    static String toText(Object v) throws MessageFormatException {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[]) {
            throw cannot(v, "String");
        }
        return v.toString();
    }

    static byte[] toBytes(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        throw cannot(v, "byte[]");
    }

    /** True for the value types a property may hold (null included). */
    static boolean isPropertyType(Object v) {
        return v == null || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Boolean || v instanceof Double || v instanceof Float
                || v instanceof Short || v instanceof Byte;
    }

    /** True for the value types a MapMessage entry or StreamMessage field may hold (null included). */
    static boolean isBodyValueType(Object v) {
        return isPropertyType(v) || v instanceof Character || v instanceof byte[];
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[]) {
            return "byte[]";
        }
        if (v instanceof Character) {
            return "char";
        }
        if (v instanceof String) {
            return "String";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Byte) {
            return "byte";
        }
        if (v instanceof Short) {
            return "short";
        }
        if (v instanceof Integer) {
            return "int";
        }
        if (v instanceof Long) {
            return "long";
        }
        if (v instanceof Float) {
            return "float";
        }
        if (v instanceof Double) {
            return "double";
        }
        return v.getClass().getName();
    }

    private static MessageFormatException cannot(Object v, String target) {
        return new MessageFormatException("a " + typeName(v) + " value cannot be read as " + target
                + " (Jakarta Messaging conversion table)");
    }
}
