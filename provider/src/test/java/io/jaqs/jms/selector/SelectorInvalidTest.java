package io.jaqs.jms.selector;

import static io.jaqs.jms.selector.SelectorTestSupport.assertInvalid;
import static io.jaqs.jms.selector.SelectorTestSupport.assertInvalidAt;
import static io.jaqs.jms.selector.SelectorTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Selectors that must be rejected with an InvalidSelectorException naming the column. */
class SelectorInvalidTest {

    @Test
    void messageFormatMatchesTheDocumentedExample() {
        assertEquals("Invalid selector 'a = ': expected an expression at column 5", assertInvalid("a = "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        // unbalanced parentheses
        "(a = 1", "a = 1)", "((a = 1)", "()", "a IN ('x'",
        // trailing garbage
        "a = 1 b", "a = 1 2", "a b", "a = 1 ;", "a = 1 'x'", "a = b = c", "a = 1 ESCAPE 'x'",
        // unterminated string
        "a = 'abc", "a = 'it''s", "'",
        // not a conditional expression
        "1 + 2", "'abc'", "1", "2.5", "-a", "a + 1", "a * b", "(1)",
        // truncated input
        "a = 'a' AND", "a = 'a' OR", "NOT", "a =", "a >", "a <>", "a BETWEEN 1", "a BETWEEN 1 AND",
        "a LIKE", "a IN", "a IS", "a IS NOT", "a NOT", "a +", "(",
        // reserved words as identifiers
        "NULL = 1", "and = 1", "a = or", "Between = 1", "like IS NULL", "in = 'x'", "is = 1", "escape = 1",
        "not = 1", "a = NOT", "x.y = 1",
        // NULL outside IS [NOT] NULL
        "a = NULL", "a <> null", "NULL IS NULL",
        // IN
        "a IN ()", "a IN (1, 2)", "a IN ('x', 2)", "a IN (b)", "a IN 'x'", "a IN ('x',)", "a IN ('x' 'y')",
        "a IN (TRUE)", "'x' IN ('x')", "1 IN ('1')",
        // LIKE
        "a LIKE 1", "a LIKE b", "a LIKE 'x' ESCAPE 'ab'", "a LIKE 'x' ESCAPE ''", "a LIKE 'x' ESCAPE 1",
        "a LIKE 'x!' ESCAPE '!'", "'abc' LIKE 'a%'", "a LIKE TRUE", "a LIKE 'x' ESCAPE",
        // IS NULL on non-identifiers
        "1 IS NULL", "'x' IS NOT NULL", "(a + 1) IS NULL", "a IS 1", "a IS NOT 1",
        // type errors known at parse time
        "'a' < 'b'", "TRUE > FALSE", "'a' >= 1", "1 <= TRUE", "(a = 1) < 2", "NOT 5", "a AND 1",
        "'x' OR a", "1 AND 2", "'a' + 1", "a + 'b'", "TRUE * 2", "-'x' = 1", "+TRUE = 1", "(a > 1) + 1 = 2",
        "'a' BETWEEN 1 AND 2", "1 BETWEEN 'a' AND 2", "2 BETWEEN 1 AND TRUE",
        // lexical errors
        "a != 1", "a == 1", "a = \"x\"", "a = #1", "a = 1.2.3", "a = 5x", "a = 1e", "a = 1E+", "a = 0x", "a = 0b2", "a = 09", "a = 0x1G",
        // literal types that can never compare (TCK: selectorQueue identifierTest03/04, comparisonTest04-07, betweenTest7)
        "TRUE = 0", "FALSE = 0", "'a' = 1", "TRUE <> 'TRUE'", "myProp > 'foo'", "myProp <= 'foo'", "myProp BETWEEN 'foo' AND 'test'",
        "a BETWEEN 'x' AND 2", "a < 'b'",
        "a = 5LL", "a = 1E400", "a = 9223372036854775808", "a = -9223372036854775809", "a & b", "a = @",
        "n>4AND n<6",
        // header fields that cannot be used in selectors
        "JMSDestination = 'q'", "JMSReplyTo IS NULL", "JMSExpiration > 0", "JMSRedelivered = TRUE",
        "JMSDeliveryTime > 0", "JMS = 1", "JMSFoo = 1", "a = 1 OR JMSMessageId = 'x'",
        // misplaced NOT
        "a NOT = 1", "a NOT IS NULL", "a NOT b",
    })
    void rejected(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest(name = "[{index}] {0} @ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a = | 4",
        "(a = 1 | 7",
        "a = 1) | 6",
        "a = 1 b | 7",
        "a = 'abc | 5",
        "1 + 2 | 1",
        "'abc' | 1",
        "a = 'a' AND | 12",
        "a IN () | 7",
        "a LIKE 1 | 8",
        "a LIKE 'x' ESCAPE 'ab' | 19",
        "AND = 1 | 1",
        "x = 1 AND JMSDestination = 'q' | 11",
        "'a' < 'b' | 5",
        "a != 1 | 3",
        "NOT 5 | 5",
        "a = 5x | 5",
        "a LIKE 'ab!' ESCAPE '!' | 8",
        "\"  NULL IS NULL\" | 3",
    })
    void reportsTheColumn(String selector, int column) {
        // CsvSource trims values; the trailing-space case "a = " is checked separately
        assertInvalidAt(selector, column);
    }

    @Test
    void columnOfEndOfInputIsOnePastTheLastCharacter() {
        assertInvalidAt("a = ", 5);
        assertInvalidAt("a = 1 AND    ", 14);
        assertInvalidAt("(a = 1   ", 10);
    }

    @Test
    void messagesNameTheProblem() {
        assertTrue(assertInvalid("a = 'abc").contains("unterminated string"));
        assertTrue(assertInvalid("a IN ()").contains("must not be empty"));
        assertTrue(assertInvalid("a LIKE 'x' ESCAPE 'ab'").contains("exactly one character"));
        assertTrue(assertInvalid("a LIKE 1").contains("string literal"));
        assertTrue(assertInvalid("(a = 1").contains("')'"));
        assertTrue(assertInvalid("1 + 2").contains("boolean"));
        assertTrue(assertInvalid("or = 1").contains("reserved word"));
        assertTrue(assertInvalid("JMSDestination = 'q'").contains("JMSDestination"));
        assertTrue(assertInvalid("a = b c").contains("'c'"));
        assertTrue(assertInvalid("a != 1").contains("<>"));
    }

    @Test
    void excessiveNestingIsRejectedNotAStackOverflow() {
        assertInvalid("(".repeat(10_000) + "a" + ")".repeat(10_000));
        assertInvalid("NOT ".repeat(10_000) + "a");
        assertInvalid("-".repeat(10_000) + "a = 1");
        assertInvalid("a" + " + a".repeat(5_000) + " = 1");
    }

    @Test
    void validEdgeCasesAreAccepted() {
        // sanity checks for near-misses of the rejected selectors above
        parse("a");
        parse("TRUE");
        parse("(a)");
        parse("a = 1 AND b");
        parse("'a' = 'b'");
        parse("TRUE <> FALSE");
        parse("(a) IS NULL");
        parse("a LIKE 'x' ESCAPE ''''");
        parse("a = 9223372036854775807");
        parse("a = -9223372036854775808");
        parse("a = 1E308");
        parse("JMSXUserID = 'u' AND JMS_x = 1");
        parse("a = 1 / 0");
    }
}
