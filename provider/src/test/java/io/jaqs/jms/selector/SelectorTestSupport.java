package io.jaqs.jms.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.InvalidSelectorException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Helpers shared by the selector tests. */
final class SelectorTestSupport {

    private SelectorTestSupport() {
    }

    /** A property lookup built from name/value pairs; values may be null. */
    static Function<String, Object> props(Object... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return map::get;
    }

    static Selector parse(String selector) {
        try {
            return Selector.parse(selector);
        } catch (InvalidSelectorException e) {
            return fail("selector should be valid: " + selector, e);
        }
    }

    static boolean matches(String selector, Object... nameValuePairs) {
        return parse(selector).matches(props(nameValuePairs));
    }

    /**
     * The three-valued result of a conditional expression: "TRUE", "FALSE" or "UNKNOWN", told
     * apart by evaluating both {@code (expr)} and {@code NOT (expr)}.
     */
    static String truth(String expression, Object... nameValuePairs) {
        boolean positive = matches("(" + expression + ")", nameValuePairs);
        boolean negative = matches("NOT (" + expression + ")", nameValuePairs);
        if (positive && negative) {
            fail("both " + expression + " and its negation matched");
        }
        return positive ? "TRUE" : negative ? "FALSE" : "UNKNOWN";
    }

    /** Asserts that the selector is rejected with a message naming a column; returns the message. */
    static String assertInvalid(String selector) {
        InvalidSelectorException e = assertThrows(InvalidSelectorException.class, () -> Selector.parse(selector),
                () -> "expected InvalidSelectorException for: " + selector);
        String message = e.getMessage();
        assertTrue(message != null && message.contains("column"), () -> "message should name the column: " + message);
        assertTrue(message.startsWith("Invalid selector '" + selector + "': "), () -> "unexpected message: " + message);
        return message;
    }

    /** Asserts that the selector is rejected and the problem is reported at the given 1-based column. */
    static String assertInvalidAt(String selector, int column) {
        String message = assertInvalid(selector);
        assertTrue(message.endsWith(" at column " + column), () -> "expected column " + column + ": " + message);
        return message;
    }

    static void assertTruth(String expected, String expression, Object... nameValuePairs) {
        assertEquals(expected, truth(expression, nameValuePairs), () -> expression + " with " + java.util.Arrays.toString(nameValuePairs));
    }
}
