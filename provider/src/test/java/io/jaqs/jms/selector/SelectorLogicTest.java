package io.jaqs.jms.selector;

import static io.jaqs.jms.selector.SelectorTestSupport.assertTruth;
import static io.jaqs.jms.selector.SelectorTestSupport.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SQL three-valued logic. Boolean identifiers a and b take the values TRUE, FALSE and UNKNOWN
 * (absent); the result is observed through both the expression and its negation.
 */
class SelectorLogicTest {

    private static Object value(String tri) {
        switch (tri) {
            case "TRUE": return Boolean.TRUE;
            case "FALSE": return Boolean.FALSE;
            default: return null;
        }
    }

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({
        "TRUE, TRUE, TRUE",
        "TRUE, FALSE, FALSE",
        "TRUE, UNKNOWN, UNKNOWN",
        "FALSE, TRUE, FALSE",
        "FALSE, FALSE, FALSE",
        "FALSE, UNKNOWN, FALSE",
        "UNKNOWN, TRUE, UNKNOWN",
        "UNKNOWN, FALSE, FALSE",
        "UNKNOWN, UNKNOWN, UNKNOWN",
    })
    void andTruthTable(String a, String b, String expected) {
        assertTruth(expected, "a AND b", "a", value(a), "b", value(b));
        // the same with literals / comparisons instead of boolean identifiers
        assertTruth(expected, lit(a) + " AND " + lit(b));
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({
        "TRUE, TRUE, TRUE",
        "TRUE, FALSE, TRUE",
        "TRUE, UNKNOWN, TRUE",
        "FALSE, TRUE, TRUE",
        "FALSE, FALSE, FALSE",
        "FALSE, UNKNOWN, UNKNOWN",
        "UNKNOWN, TRUE, TRUE",
        "UNKNOWN, FALSE, UNKNOWN",
        "UNKNOWN, UNKNOWN, UNKNOWN",
    })
    void orTruthTable(String a, String b, String expected) {
        assertTruth(expected, "a OR b", "a", value(a), "b", value(b));
        assertTruth(expected, lit(a) + " OR " + lit(b));
    }

    @ParameterizedTest(name = "NOT {0} = {1}")
    @CsvSource({
        "TRUE, FALSE",
        "FALSE, TRUE",
        "UNKNOWN, UNKNOWN",
    })
    void notTruthTable(String a, String expected) {
        assertEquals(expected.equals("TRUE"), matches("NOT a", "a", value(a)));
        assertEquals(a.equals("TRUE"), matches("NOT NOT a", "a", value(a)));
        assertTruth(expected, "NOT " + lit(a));
    }

    /** TRUE, FALSE, or an UNKNOWN comparison with an absent identifier. */
    private static String lit(String tri) {
        return tri.equals("UNKNOWN") ? "(missing = 1)" : tri;
    }

    @Test
    void onlyTrueSelects() {
        assertTrue(matches("a", "a", true));
        assertFalse(matches("a", "a", false));
        assertFalse(matches("a"));
        assertFalse(matches("NOT a"), "NOT UNKNOWN is UNKNOWN, which does not select");
    }

    @Test
    void multiOperandChains() {
        assertTruth("FALSE", "a AND b AND c", "a", null, "b", true, "c", false);
        assertTruth("UNKNOWN", "a AND b AND c", "a", null, "b", true, "c", true);
        assertTruth("TRUE", "a AND b AND c", "a", true, "b", true, "c", true);
        assertTruth("TRUE", "a OR b OR c", "a", null, "b", false, "c", true);
        assertTruth("UNKNOWN", "a OR b OR c", "a", null, "b", false, "c", false);
        assertTruth("FALSE", "a OR b OR c", "a", false, "b", false, "c", false);
    }

    @Test
    void unknownPropagatesThroughComparisonsIntoLogic() {
        // x absent: x > 5 is UNKNOWN, so NOT (x > 5) is UNKNOWN too: neither selects
        assertFalse(matches("x > 5"));
        assertFalse(matches("NOT (x > 5)"));
        assertFalse(matches("x <= 5"));
        assertTrue(matches("x > 5 OR x IS NULL"));
        assertFalse(matches("x > 5 AND x IS NULL"));
        assertTrue(matches("NOT (x > 5 AND FALSE)"), "UNKNOWN AND FALSE is FALSE");
    }

    @Test
    void nonBooleanIdentifierInLogicIsUnknown() {
        assertTruth("UNKNOWN", "a AND TRUE", "a", "true");
        assertTruth("UNKNOWN", "a OR FALSE", "a", 1);
        assertTruth("TRUE", "a OR TRUE", "a", 1);
        assertTruth("FALSE", "a AND FALSE", "a", 1);
    }
}
