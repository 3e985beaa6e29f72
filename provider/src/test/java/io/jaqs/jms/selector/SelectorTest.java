package io.jaqs.jms.selector;

import static io.jaqs.jms.selector.SelectorTestSupport.assertTruth;
import static io.jaqs.jms.selector.SelectorTestSupport.matches;
import static io.jaqs.jms.selector.SelectorTestSupport.parse;
import static io.jaqs.jms.selector.SelectorTestSupport.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SelectorTest {

    // ------------------------------------------------------------------ API

    @Test
    void nullAndBlankSelectorsAreAll() throws Exception {
        assertSame(Selector.ALL, Selector.parse(null));
        assertSame(Selector.ALL, Selector.parse(""));
        assertSame(Selector.ALL, Selector.parse("  \t\n "));
        assertTrue(Selector.ALL.isAll());
        assertEquals("", Selector.ALL.text());
        assertTrue(Selector.ALL.identifiers().isEmpty());
        assertTrue(Selector.ALL.matches(name -> null));
        assertTrue(Selector.ALL.matches(props("a", 1)));
    }

    @Test
    void parsedSelectorKeepsTextAndIsNotAll() {
        Selector s = parse("color = 'red'");
        assertEquals("color = 'red'", s.text());
        assertFalse(s.isAll());
        assertTrue(s.matches(props("color", "red")));
        assertFalse(s.matches(props("color", "blue")));
        assertEquals(parse("color = 'red'"), s);
        assertEquals(parse("color = 'red'").hashCode(), s.hashCode());
    }

    @Test
    void identifiersAreCollectedInOrderWithoutDuplicates() {
        Selector s = parse("a = 1 AND (b LIKE 'x%' OR JMSType IN ('t')) AND a > c AND d IS NULL AND e BETWEEN f AND 3");
        assertEquals(List.of("a", "b", "JMSType", "c", "d", "e", "f"), new ArrayList<>(s.identifiers()));
        assertThrows(UnsupportedOperationException.class, () -> s.identifiers().add("x"));
        assertEquals(Set.of(), parse("TRUE").identifiers());
    }

    @Test
    void selectorIsReusableAndLooksUpOnlyWhatItNeeds() {
        Selector s = parse("a = 1 OR b = 2");
        AtomicInteger lookups = new AtomicInteger();
        Function<String, Object> ids = name -> {
            lookups.incrementAndGet();
            return "a".equals(name) ? 1 : 2;
        };
        assertTrue(s.matches(ids));
        assertEquals(1, lookups.get(), "OR short-circuits once a TRUE operand is found");
        for (int i = 0; i < 1000; i++) {
            assertEquals(i % 2 == 0, s.matches(props("a", i % 2 == 0 ? 1 : 0, "b", 0)));
        }
    }

    // ------------------------------------------------------------------ literals

    @Test
    void stringLiteralsWithEscapedQuotes() {
        assertTrue(matches("s = 'literal''s'", "s", "literal's"));
        assertFalse(matches("s = 'literal''s'", "s", "literal''s"));
        assertTrue(matches("s = ''''", "s", "'"));
        assertTrue(matches("s = ''", "s", ""));
        assertTrue(matches("s = 'AND OR NOT ( )'", "s", "AND OR NOT ( )"));
        assertTrue(matches("s = 'héllo ☃'", "s", "héllo ☃"));
        assertFalse(matches("s = 'ABC'", "s", "abc"), "string comparison is case-sensitive");
    }

    @Test
    void exactNumericLiterals() {
        assertTrue(matches("n = 57", "n", 57));
        assertTrue(matches("n = -957", "n", -957L));
        assertTrue(matches("n = +62", "n", (short) 62));
        assertTrue(matches("n = 9223372036854775807", "n", Long.MAX_VALUE));
        assertTrue(matches("n = -9223372036854775808", "n", Long.MIN_VALUE));
        assertTrue(matches("n = 5000000000", "n", 5_000_000_000L));
        assertTrue(matches("n = 12L", "n", 12));
        assertTrue(matches("n = 007", "n", 7), "leading zeros are decimal");
        assertTrue(matches("n = - 3", "n", -3));
        assertTrue(matches("n = -(-3)", "n", 3));
        assertTrue(matches("n = --3", "n", 3));
    }

    @Test
    void approximateNumericLiterals() {
        assertTrue(matches("n = 7E3", "n", 7000.0));
        assertTrue(matches("n = 7e3", "n", 7000));
        assertTrue(matches("n = -57.9E2", "n", -5790.0));
        assertTrue(matches("n = 7.", "n", 7.0));
        assertTrue(matches("n = 7.", "n", 7));
        assertTrue(matches("n = -95.7", "n", -95.7));
        assertTrue(matches("n = +6.2", "n", 6.2));
        assertTrue(matches("n = .5", "n", 0.5));
        assertTrue(matches("n = 1.5", "n", 1.5f));
        assertTrue(matches("n = 2.5E-1", "n", 0.25));
        assertTrue(matches("n = 1.5F", "n", 1.5));
        assertTrue(matches("n = 1.5d", "n", 1.5));
        assertTrue(matches("n = 3F", "n", 3));
        assertFalse(matches("n = 1.5", "n", 1.4));
    }

    @Test
    void booleanLiteralsAreCaseInsensitive() {
        assertTrue(matches("TRUE"));
        assertTrue(matches("true"));
        assertTrue(matches("tRuE"));
        assertFalse(matches("FALSE"));
        assertFalse(matches("false"));
        assertTrue(matches("b = TRUE", "b", true));
        assertTrue(matches("b = false", "b", false));
        assertFalse(matches("b = TRUE", "b", false));
        assertTrue(matches("b <> TRUE", "b", false));
        assertTrue(matches("TRUE = TRUE"));
        assertFalse(matches("TRUE = FALSE"));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertTrue(matches("a between 1 and 3 or b not like 'x%' and c is not null and d not in ('q')",
                "a", 5, "b", "y", "c", 1, "d", "r"));
        assertTrue(matches("a Is Null"));
        assertTrue(matches("s LiKe 'a!%' EsCaPe '!'", "s", "a%"));
    }

    // ------------------------------------------------------------------ identifiers

    @Test
    void identifiersAreCaseSensitive() {
        assertTrue(matches("Color = 'red'", "Color", "red"));
        assertFalse(matches("Color = 'red'", "color", "red"));
        assertTrue(matches("color = 'red'", "color", "red", "Color", "blue"));
    }

    @Test
    void identifiersUseJavaIdentifierCharacters() {
        assertTrue(matches("_x = 1", "_x", 1));
        assertTrue(matches("$price > 1", "$price", 2));
        assertTrue(matches("a1_b$2 = 1", "a1_b$2", 1));
        assertTrue(matches("größe = 3", "größe", 3));
        assertTrue(matches("nullable = 1", "nullable", 1), "a keyword prefix is an ordinary identifier");
        assertTrue(matches("isNotNull = 1 AND Inside = 2 AND orange = 3 AND android = 4 AND likes = 5",
                "isNotNull", 1, "Inside", 2, "orange", 3, "android", 4, "likes", 5));
    }

    @Test
    void booleanIdentifierAloneIsASelector() {
        assertTrue(matches("urgent", "urgent", true));
        assertFalse(matches("urgent", "urgent", false));
        assertFalse(matches("urgent"), "absent => UNKNOWN");
        assertFalse(matches("urgent", "urgent", "true"), "a string is not a boolean");
        assertFalse(matches("urgent", "urgent", 1));
        assertTrue(matches("NOT urgent", "urgent", false));
        assertFalse(matches("NOT urgent", "urgent", "false"));
        assertTrue(matches("(urgent)", "urgent", true));
    }

    @Test
    void headerFieldIdentifiers() {
        Function<String, Object> headers = props(
                "JMSDeliveryMode", "PERSISTENT", "JMSPriority", 7, "JMSMessageID", "ID:42",
                "JMSTimestamp", 1_700_000_000_000L, "JMSCorrelationID", "corr-1", "JMSType", "order");
        assertTrue(parse("JMSDeliveryMode = 'PERSISTENT'").matches(headers));
        assertFalse(parse("JMSDeliveryMode = 'NON_PERSISTENT'").matches(headers));
        assertTrue(parse("JMSPriority >= 5 AND JMSPriority BETWEEN 0 AND 9").matches(headers));
        assertTrue(parse("JMSMessageID = 'ID:42'").matches(headers));
        assertTrue(parse("JMSTimestamp > 1600000000000 AND JMSTimestamp < 1800000000000").matches(headers));
        assertTrue(parse("JMSCorrelationID LIKE 'corr-%'").matches(headers));
        assertTrue(parse("JMSType IN ('order', 'invoice')").matches(headers));
        assertTrue(parse("JMSCorrelationID IS NULL").matches(props("JMSType", "x")));
    }

    @Test
    void jmsxAndProviderSpecificPropertiesAreAllowed() {
        assertTrue(matches("JMSXGroupID = 'g1'", "JMSXGroupID", "g1"));
        assertTrue(matches("JMSXDeliveryCount > 1", "JMSXDeliveryCount", 2));
        assertTrue(matches("JMS_jaqs_Foo = 'x'", "JMS_jaqs_Foo", "x"));
        assertTrue(matches("jmsLowercase = 1", "jmsLowercase", 1), "only the exact prefix JMS is reserved");
    }

    @Test
    void unsupportedValueTypesAreTreatedAsNull() {
        assertFalse(matches("c = 'x'", "c", 'x'));
        assertTrue(matches("c IS NULL", "c", 'x'));
        assertTrue(matches("c IS NULL", "c", new java.math.BigDecimal("1")));
        assertFalse(matches("c = 1", "c", new java.math.BigDecimal("1")));
        assertFalse(matches("c IS NOT NULL", "c", new Object()));
    }

    // ------------------------------------------------------------------ comparisons

    @Test
    void numericComparisonOperators() {
        assertTrue(matches("n = 5", "n", 5));
        assertTrue(matches("n <> 5", "n", 4));
        assertFalse(matches("n <> 5", "n", 5));
        assertTrue(matches("n > 4", "n", 5));
        assertFalse(matches("n > 5", "n", 5));
        assertTrue(matches("n >= 5", "n", 5));
        assertFalse(matches("n >= 5", "n", 4));
        assertTrue(matches("n < 6", "n", 5));
        assertFalse(matches("n < 5", "n", 5));
        assertTrue(matches("n <= 5", "n", 5));
        assertFalse(matches("n <= 5", "n", 6));
        assertTrue(matches("5 = n", "n", 5));
        assertTrue(matches("a < b", "a", 1, "b", 2));
        assertTrue(matches("n>4 AND n<6", "n", 5), "no whitespace needed around operators");
        assertTrue(matches("n>4 AND(n<6)", "n", 5.5));
    }

    @Test
    void stringAndBooleanEquality() {
        assertTrue(matches("s = 'x'", "s", "x"));
        assertTrue(matches("s <> 'x'", "s", "y"));
        assertFalse(matches("s <> 'x'", "s", "x"));
        assertTrue(matches("a = b", "a", "same", "b", "same"));
        assertTrue(matches("a = b", "a", true, "b", true));
        assertTrue(matches("a <> b", "a", true, "b", false));
        assertTrue(matches("(n > 3) = TRUE", "n", 4));
        assertTrue(matches("(n > 3) = (m > 3)", "n", 1, "m", 2));
    }

    @Test
    void numericPromotionAcrossTypes() {
        assertTrue(matches("n = 5.0", "n", 5));
        assertTrue(matches("n = 5", "n", 5.0));
        assertTrue(matches("n = 5", "n", 5.0f));
        assertTrue(matches("n = 5", "n", (byte) 5));
        assertTrue(matches("n = 5", "n", (short) 5));
        assertTrue(matches("n = 5", "n", 5L));
        assertTrue(matches("a = b", "a", (byte) 5, "b", 5.0));
        assertTrue(matches("a = b", "a", 5, "b", 5L));
        assertTrue(matches("a < b", "a", 5, "b", 5.5f));
        assertTrue(matches("n > 4.9", "n", 5));
        assertFalse(matches("n > 5.1", "n", 5));
        assertTrue(matches("n = -0.0", "n", 0));
        assertTrue(matches("n = 0.0", "n", -0.0));
        // comparison is exact by value, even beyond 2^53 where double conversion would round
        assertFalse(matches("n = 9007199254740992.0", "n", 9_007_199_254_740_993L));
        assertTrue(matches("n > 9007199254740992.0", "n", 9_007_199_254_740_993L));
        assertTrue(matches("n = 9007199254740992.0", "n", 9_007_199_254_740_992L));
        assertTrue(matches("n < 1E19", "n", Long.MAX_VALUE));
        assertTrue(matches("n > -1E19", "n", Long.MIN_VALUE));
        // float promoted to double exactly (Java semantics): 1.1f is not the double 1.1
        assertFalse(matches("n = 1.1", "n", 1.1f));
        assertTrue(matches("n = 1.5", "n", 1.5f));
    }

    @Test
    void nanComparesLikeJava() {
        assertFalse(matches("n = n", "n", Double.NaN));
        assertTrue(matches("n <> n", "n", Double.NaN));
        assertFalse(matches("n < 1", "n", Double.NaN));
        assertFalse(matches("n >= 1", "n", Float.NaN));
        assertTrue(matches("n <> 1", "n", Double.NaN));
        assertTrue(matches("n > 1E300", "n", Double.POSITIVE_INFINITY));
    }

    @Test
    void integerLiteralsFollowJava() {
        // TCK selectorQueue selectorTest05/06: 035 is octal, 0x1d hexadecimal (both 29)
        assertTrue(matches("myProp = 035", "myProp", 29));
        assertTrue(matches("myProp = 0x1d", "myProp", 29));
        assertTrue(matches("myProp = 0X1D", "myProp", 29L));
        assertTrue(matches("myProp = 0b11101", "myProp", 29));
        assertTrue(matches("myProp = -0x1d", "myProp", -29));
        assertTrue(matches("myProp = 0", "myProp", 0));
        assertFalse(matches("myProp = 035", "myProp", 35));
    }

    @Test
    void comparisonOfUnlikeTypesIsFalseAsTheSpecSays() {
        // JMS 3.1 section 3.8.1.2: comparing non-like types is false, so its negation matches
        assertTrue(matches("NOT (s = 1)", "s", "1"));
        assertTruth("FALSE", "s = 1", "s", "1");
        assertTruth("FALSE", "s <> 1", "s", "1");
        assertTruth("FALSE", "n = '1'", "n", 1);
        assertTruth("FALSE", "b = 1", "b", true);
        assertTruth("FALSE", "b = 'true'", "b", true);
        assertTruth("FALSE", "n = TRUE", "n", 1);
        assertTruth("FALSE", "a = b", "a", "x", "b", 1);
        assertTruth("FALSE", "n > 1", "n", "5");
    }

    @Test
    void orderingOfStringsOrBooleansKnownOnlyAtRuntimeIsFalse() {
        assertTruth("FALSE", "a < b", "a", "apple", "b", "banana");
        assertTruth("FALSE", "a >= b", "a", true, "b", false);
        assertTruth("FALSE", "s <= 5", "s", "b");
        assertTruth("TRUE", "a < b", "a", 1, "b", 2.5);
    }

    @Test
    void comparisonsWithNullAreUnknown() {
        assertTruth("UNKNOWN", "n = 1");
        assertTruth("UNKNOWN", "n <> 1");
        assertTruth("UNKNOWN", "n < 1");
        assertTruth("UNKNOWN", "s = 'x'");
        assertTruth("UNKNOWN", "a = b", "a", 1);
        assertTruth("UNKNOWN", "a = b", "b", 1);
        assertTruth("UNKNOWN", "a = a");
        assertTruth("UNKNOWN", "b = TRUE");
    }

    // ------------------------------------------------------------------ arithmetic

    @Test
    void arithmeticOperatorsAndPrecedence() {
        assertTrue(matches("a + b = 7", "a", 3, "b", 4));
        assertTrue(matches("a - b = -1", "a", 3, "b", 4));
        assertTrue(matches("a * b = 12", "a", 3, "b", 4));
        assertTrue(matches("a / b = 2", "a", 9, "b", 4), "integral division truncates");
        assertTrue(matches("-a / b = -2", "a", 9, "b", 4));
        assertTrue(matches("1 + 2 * 3 = 7"));
        assertTrue(matches("(1 + 2) * 3 = 9"));
        assertTrue(matches("10 - 4 - 3 = 3"), "left associative");
        assertTrue(matches("24 / 4 / 2 = 3"), "left associative");
        assertTrue(matches("-2 * -3 = 6"));
        assertTrue(matches("- a * 2 = -8", "a", 4));
        assertTrue(matches("+a = 4", "a", 4));
        assertTrue(matches("a - -1 = 5", "a", 4));
        assertTrue(matches("a-1 = 3", "a", 4));
        assertTrue(matches("price * quantity > 100 AND price * quantity <= 120", "price", 10.5, "quantity", 10));
        assertTrue(matches("60 * 60 * 1000 = 3600000"));
    }

    @Test
    void arithmeticNumericPromotion() {
        assertTrue(matches("a / b = 2.25", "a", 9.0, "b", 4));
        assertTrue(matches("a / b = 2.25", "a", 9, "b", 4f));
        assertTrue(matches("a / 2 = 4.5", "a", 9.0));
        assertTrue(matches("a / 2 = 4", "a", 9));
        assertTrue(matches("a / 2.0 = 4.5", "a", 9));
        assertTrue(matches("a + b = 3000000000", "a", Integer.MAX_VALUE, "b", 852_516_353),
                "integral arithmetic is done in long, so int operands do not overflow");
        assertTrue(matches("a * 1000 = 5000000000000", "a", 5_000_000_000L));
        assertTrue(matches("a + 0.5 = 3.5", "a", (byte) 3));
        assertTrue(matches("a * b = 6", "a", (short) 2, "b", 3L));
    }

    @Test
    void integralDivisionByZeroIsUnknown() {
        assertTruth("UNKNOWN", "a / b = 1", "a", 1, "b", 0);
        assertTruth("UNKNOWN", "a / 0 > 0", "a", 1L);
        assertTruth("UNKNOWN", "1 / 0 = 1");
        assertTrue(matches("a / 0 = 1 OR a = 1", "a", 1), "UNKNOWN OR TRUE is TRUE");
        // floating-point division follows IEEE 754
        assertTrue(matches("a / 0 > 1E308", "a", 1.0));
        assertTrue(matches("a / 0.0 < -1E308", "a", -1));
        assertFalse(matches("a / b = a / b", "a", 0.0, "b", 0.0), "0.0/0.0 is NaN");
    }

    @Test
    void arithmeticOnNullOrNonNumericIsUnknown() {
        assertTruth("UNKNOWN", "a + 1 = 1");
        assertTruth("UNKNOWN", "a + 1 = 1", "a", "0");
        assertTruth("UNKNOWN", "-a = -1", "a", "1");
        assertTruth("UNKNOWN", "+a = 1", "a", "1");
        assertTruth("UNKNOWN", "a * b > 0", "a", 1, "b", true);
    }

    // ------------------------------------------------------------------ BETWEEN

    @Test
    void between() {
        assertTrue(matches("age BETWEEN 15 AND 19", "age", 15));
        assertTrue(matches("age BETWEEN 15 AND 19", "age", 17));
        assertTrue(matches("age BETWEEN 15 AND 19", "age", 19));
        assertFalse(matches("age BETWEEN 15 AND 19", "age", 14));
        assertFalse(matches("age BETWEEN 15 AND 19", "age", 20));
        assertTrue(matches("age BETWEEN 15 AND 19", "age", 19.0));
        assertFalse(matches("age BETWEEN 15 AND 19", "age", 19.01));
        assertTrue(matches("age BETWEEN 14.5 AND 15.5", "age", 15));
        assertTrue(matches("age BETWEEN lo AND hi", "age", 5, "lo", 1, "hi", 10));
        assertTrue(matches("age BETWEEN 2 * 3 AND 2 * 5", "age", 8));
        assertTrue(matches("age + 1 BETWEEN 15 AND 19", "age", 18));
        assertFalse(matches("age BETWEEN 19 AND 15", "age", 17), "empty range");
    }

    @Test
    void notBetween() {
        assertFalse(matches("age NOT BETWEEN 15 AND 19", "age", 15));
        assertFalse(matches("age NOT BETWEEN 15 AND 19", "age", 19));
        assertTrue(matches("age NOT BETWEEN 15 AND 19", "age", 14));
        assertTrue(matches("age NOT BETWEEN 15 AND 19", "age", 20));
        assertTrue(matches("age NOT BETWEEN 15 AND 19 AND x = 1", "age", 20, "x", 1),
                "the AND inside BETWEEN is consumed before the logical AND");
    }

    @Test
    void betweenWithNullsAndUnlikeTypes() {
        assertTruth("UNKNOWN", "age BETWEEN 15 AND 19");
        assertTruth("UNKNOWN", "age NOT BETWEEN 15 AND 19");
        assertTruth("UNKNOWN", "age BETWEEN 15 AND 19", "age", "17");
        assertTruth("UNKNOWN", "age NOT BETWEEN 15 AND 19", "age", "17");
        // exactly "age >= lo AND age <= hi" / "age < lo OR age > hi"
        assertTruth("UNKNOWN", "age BETWEEN lo AND 19", "age", 17);
        assertTruth("FALSE", "age BETWEEN lo AND 19", "age", 25);
        assertTruth("TRUE", "age NOT BETWEEN lo AND 19", "age", 25);
        assertTruth("UNKNOWN", "age NOT BETWEEN lo AND 19", "age", 17);
        assertTruth("FALSE", "age BETWEEN 15 AND hi", "age", 10);
        assertTruth("UNKNOWN", "age BETWEEN 15 AND hi", "age", 16, "hi", "x");
    }

    // ------------------------------------------------------------------ IN

    @Test
    void in() {
        String sel = "Country IN ('UK', 'US', 'France')";
        assertTrue(matches(sel, "Country", "UK"));
        assertTrue(matches(sel, "Country", "France"));
        assertFalse(matches(sel, "Country", "Peru"));
        assertFalse(matches(sel, "Country", "uk"));
        assertTrue(matches("c IN ('only')", "c", "only"));
        assertTrue(matches("c IN ('it''s')", "c", "it's"));
        assertTrue(matches("c IN ('a','a','b')", "c", "b"));
        assertTrue(matches("c IN ('')", "c", ""));
    }

    @Test
    void notIn() {
        String sel = "Country NOT IN ('UK', 'US', 'France')";
        assertFalse(matches(sel, "Country", "UK"));
        assertTrue(matches(sel, "Country", "Peru"));
    }

    @Test
    void inWithNullOrNonStringIsUnknown() {
        assertTruth("UNKNOWN", "c IN ('UK', 'US')");
        assertTruth("UNKNOWN", "c NOT IN ('UK', 'US')");
        assertTruth("UNKNOWN", "c IN ('1')", "c", 1);
        assertTruth("UNKNOWN", "c NOT IN ('1')", "c", 1);
        assertTruth("UNKNOWN", "c NOT IN ('true')", "c", true);
        assertTruth("TRUE", "c NOT IN ('1')", "c", "2");
    }

    // ------------------------------------------------------------------ LIKE

    @Test
    void likeWildcards() {
        assertTrue(matches("phone LIKE '12%3'", "phone", "123"));
        assertTrue(matches("phone LIKE '12%3'", "phone", "12993"));
        assertFalse(matches("phone LIKE '12%3'", "phone", "1234"));
        assertTrue(matches("word LIKE 'l_se'", "word", "lose"));
        assertFalse(matches("word LIKE 'l_se'", "word", "loose"));
        assertFalse(matches("word LIKE 'l_se'", "word", "lse"));
        assertTrue(matches("s LIKE '%'", "s", ""));
        assertTrue(matches("s LIKE '%%'", "s", "anything"));
        assertTrue(matches("s LIKE ''", "s", ""));
        assertFalse(matches("s LIKE ''", "s", "x"));
        assertTrue(matches("s LIKE '___'", "s", "abc"));
        assertFalse(matches("s LIKE '___'", "s", "ab"));
        assertTrue(matches("s LIKE '_%_'", "s", "ab"));
        assertFalse(matches("s LIKE '_%_'", "s", "a"));
    }

    @Test
    void likeIsAnchoredAndCaseSensitive() {
        assertTrue(matches("s LIKE 'abc'", "s", "abc"));
        assertFalse(matches("s LIKE 'abc'", "s", "xabc"));
        assertFalse(matches("s LIKE 'abc'", "s", "abcx"));
        assertFalse(matches("s LIKE 'abc'", "s", "ABC"));
        assertTrue(matches("s LIKE 'ab%'", "s", "abc"));
        assertFalse(matches("s LIKE 'ab%'", "s", "xabc"));
        assertTrue(matches("s LIKE '%bc'", "s", "abc"));
        assertFalse(matches("s LIKE '%bc'", "s", "abcd"));
        assertTrue(matches("s LIKE '%b%'", "s", "abc"));
        assertFalse(matches("s LIKE '%x%'", "s", "abc"));
        assertTrue(matches("s LIKE 'a%c%e'", "s", "abcde"));
        assertFalse(matches("s LIKE 'a%c%e'", "s", "abcdef"));
    }

    @Test
    void likeQuotesRegexMetacharacters() {
        assertTrue(matches("s LIKE 'a.c'", "s", "a.c"));
        assertFalse(matches("s LIKE 'a.c'", "s", "abc"));
        assertTrue(matches("s LIKE '(x+)*[y]\\Q$^|{1}%'", "s", "(x+)*[y]\\Q$^|{1}tail"));
        assertFalse(matches("s LIKE '(x+)*%'", "s", "xx"));
        assertTrue(matches("s LIKE 'a.c_'", "s", "a.cd"), "regex path: '.' is literal");
        assertFalse(matches("s LIKE 'a.c_'", "s", "abcd"));
        assertTrue(matches("s LIKE '[a-z]+_%$'", "s", "[a-z]+x!$"));
        assertFalse(matches("s LIKE '[a-z]+_%$'", "s", "abc+x!$"));
        assertTrue(matches("s LIKE '_\\E_%'", "s", "a\\Eb"));
        assertTrue(matches("s LIKE 'it''s %'", "s", "it's ok"));
        assertTrue(matches("s LIKE 'a_c'", "s", "a\nc"), "_ matches any character, including a line break");
        assertTrue(matches("s LIKE 'a%'", "s", "a\nb\nc"));
        assertTrue(matches("s LIKE '_'", "s", "\uD83D\uDE00"), "_ matches one code point");
    }

    @Test
    void likeWithEscape() {
        assertTrue(matches("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "_foo"));
        assertFalse(matches("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "bar"));
        assertTrue(matches("s LIKE '100!%' ESCAPE '!'", "s", "100%"));
        assertFalse(matches("s LIKE '100!%' ESCAPE '!'", "s", "1000"));
        assertTrue(matches("s LIKE '%!%%' ESCAPE '!'", "s", "a 50% cut"));
        assertFalse(matches("s LIKE '%!%%' ESCAPE '!'", "s", "a 50 cut"));
        assertTrue(matches("s LIKE 'a!_b' ESCAPE '!'", "s", "a_b"));
        assertFalse(matches("s LIKE 'a!_b' ESCAPE '!'", "s", "axb"));
        assertTrue(matches("s LIKE 'a!!b' ESCAPE '!'", "s", "a!b"), "escaped escape character");
        assertTrue(matches("s LIKE 'a!xb' ESCAPE '!'", "s", "axb"), "escaping an ordinary character is tolerated");
        assertTrue(matches("s LIKE 'a''%' ESCAPE ''''", "s", "a%"), "the escape character can be a quote");
        assertFalse(matches("s LIKE 'a''%' ESCAPE ''''", "s", "ab"));
        assertTrue(matches("s LIKE 'x%%y' ESCAPE '%'", "s", "x%y"), "a wildcard can serve as the escape");
        assertFalse(matches("s LIKE 'x%%y' ESCAPE '%'", "s", "xzy"));
        assertTrue(matches("s LIKE 'x%y' ESCAPE '%'", "s", "xy"), "%y is an escaped (literal) y");
        assertFalse(matches("s LIKE 'x%y' ESCAPE '%'", "s", "x%y"));
        assertFalse(matches("s LIKE '%_%' ESCAPE '_'", "s", "a_b"),
                "'%_%' ESCAPE '_' escapes the second %: the pattern is % followed by a literal %");
        assertTrue(matches("s LIKE '%_%' ESCAPE '_'", "s", "50%"));
    }

    @Test
    void notLike() {
        assertFalse(matches("s NOT LIKE 'ab%'", "s", "abc"));
        assertTrue(matches("s NOT LIKE 'ab%'", "s", "xabc"));
        assertTrue(matches("s NOT LIKE '!_%' ESCAPE '!'", "s", "x_"));
        assertFalse(matches("s NOT LIKE '!_%' ESCAPE '!'", "s", "_x"));
    }

    @Test
    void likeWithNullOrNonStringIsUnknown() {
        assertTruth("UNKNOWN", "s LIKE 'a%'");
        assertTruth("UNKNOWN", "s NOT LIKE 'a%'");
        assertTruth("UNKNOWN", "s LIKE '1%'", "s", 12);
        assertTruth("UNKNOWN", "s NOT LIKE '1%'", "s", 12);
    }

    // ------------------------------------------------------------------ IS NULL

    @Test
    void isNullAndIsNotNull() {
        assertTrue(matches("prop IS NULL"));
        assertTrue(matches("prop IS NULL", "prop", null));
        assertFalse(matches("prop IS NULL", "prop", ""));
        assertFalse(matches("prop IS NULL", "prop", 0));
        assertFalse(matches("prop IS NULL", "prop", false));
        assertTrue(matches("prop IS NOT NULL", "prop", "x"));
        assertFalse(matches("prop IS NOT NULL"));
        assertTruth("TRUE", "prop IS NULL");
        assertTruth("FALSE", "prop IS NOT NULL");
        assertTrue(matches("NOT prop IS NULL", "prop", 1), "NOT applies to the whole predicate");
        assertTrue(matches("a IS NULL AND b IS NOT NULL", "b", 2));
    }

    // ------------------------------------------------------------------ precedence and structure

    @Test
    void logicalPrecedenceIsNotThenAndThenOr() {
        // a OR b AND c == a OR (b AND c)
        assertTrue(matches("a OR b AND c", "a", true, "b", false, "c", false));
        assertFalse(matches("(a OR b) AND c", "a", true, "b", false, "c", false));
        // NOT a AND b == (NOT a) AND b
        assertTrue(matches("NOT a AND b", "a", false, "b", true));
        assertFalse(matches("NOT a AND b", "a", false, "b", false));
        assertTrue(matches("NOT (a AND b)", "a", false, "b", false));
        // comparison binds tighter than NOT
        assertTrue(matches("NOT n = 1", "n", 2));
        assertTrue(matches("NOT NOT n = 1", "n", 1));
        assertTrue(matches("x = 1 OR y = 2 AND z = 3", "x", 1, "y", 0, "z", 0));
        assertFalse(matches("(x = 1 OR y = 2) AND z = 3", "x", 1, "y", 0, "z", 0));
    }

    @Test
    void deeplyNestedParenthesesAndLongChains() {
        String nested = "(".repeat(150) + "a = 1" + ")".repeat(150);
        assertTrue(matches(nested, "a", 1));
        StringBuilder chain = new StringBuilder("a = 0");
        for (int i = 1; i < 5000; i++) {
            chain.append(" OR a = ").append(i);
        }
        Selector s = parse(chain.toString());
        assertTrue(s.matches(props("a", 4999)));
        assertFalse(s.matches(props("a", 5000)));
        StringBuilder conj = new StringBuilder("a <> 0");
        for (int i = 1; i < 5000; i++) {
            conj.append(" AND a <> ").append(i);
        }
        assertTrue(parse(conj.toString()).matches(props("a", 5000)));
    }

    @Test
    void whitespaceIsFlexible() {
        assertTrue(matches("\ta\n=\r1\f", "a", 1));
        assertTrue(matches("a=1 AND(b='x')OR(c)", "a", 1, "b", "x"));
        assertTrue(matches("a IN('x','y')", "a", "y"));
    }

    @Test
    void typicalSelectors() {
        String sel = "JMSType = 'car' AND color = 'blue' AND weight > 2500";
        assertTrue(matches(sel, "JMSType", "car", "color", "blue", "weight", 3000));
        assertFalse(matches(sel, "JMSType", "car", "color", "blue", "weight", 2500));
        assertFalse(matches(sel, "JMSType", "car", "color", "blue"));
        String sel2 = "(region = 'EU' OR region = 'UK') AND JMSPriority > 4 AND NOT cancelled";
        assertTrue(matches(sel2, "region", "UK", "JMSPriority", 5, "cancelled", false));
        assertFalse(matches(sel2, "region", "UK", "JMSPriority", 5));
    }
}
