package io.jaqs.jms.selector;

import java.util.Set;
import java.util.function.Function;

/**
 * A node of a parsed selector's expression tree. Nodes are immutable and thread-safe.
 *
 * <p>Every node can produce a value ({@link #value}: a {@link String}, {@link Boolean}, one of the
 * boxed numeric types, or {@code null} for NULL/UNKNOWN) and a three-valued truth value
 * ({@link #test}: {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}). Boolean-valued nodes
 * implement {@link #test} natively, so conditional expressions never box.
 */
abstract class Expression {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = 2;

    /** The type of an expression as far as it is known when parsing. */
    enum Type {
        BOOLEAN("boolean"), NUMERIC("numeric"), STRING("string"),
        /** An identifier: its type is only known per message. */
        ANY("identifier");

        final String description;

        Type(String description) {
            this.description = description;
        }
    }

    /** 0-based index of the first character of this expression in the selector text. */
    final int position;
    /** Height of the subtree rooted here (1 for a leaf), to bound evaluation recursion. */
    final int depth;

    Expression(int position, int depth) {
        this.position = position;
        this.depth = depth;
    }

    abstract Type type();

    /** The value of this expression for one message; {@code null} means NULL/UNKNOWN. */
    abstract Object value(Function<String, Object> ids);

    /** The three-valued truth value of this expression for one message. */
    int test(Function<String, Object> ids) {
        Object v = value(ids);
        return v instanceof Boolean b ? of(b) : UNKNOWN;
    }

    static int of(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Boolean toBoolean(int tri) {
        return tri == TRUE ? Boolean.TRUE : tri == FALSE ? Boolean.FALSE : null;
    }

    static int not(int tri) {
        return tri == UNKNOWN ? UNKNOWN : TRUE - tri;
    }

    static int maxDepth(Expression... children) {
        int d = 0;
        for (Expression c : children) {
            d = Math.max(d, c.depth);
        }
        return d + 1;
    }

    // ---------------------------------------------------------------- numeric helpers

    /** Result of {@link #compare} when either operand is NaN. */
    static final int UNORDERED = 2;

    /** Whether a (supported, non-null) number is of an integral type (Long, Integer, Short, Byte). */
    static boolean isIntegral(Object n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /**
     * Compares two numbers by value, exactly, across integral and floating-point types: returns
     * -1, 0 or 1, or {@link #UNORDERED} when either is NaN. {@code -0.0} equals {@code 0.0}.
     */
    static int compare(Number a, Number b) {
        boolean ai = isIntegral(a);
        boolean bi = isIntegral(b);
        if (ai && bi) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (!ai && !bi) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (x < y) {
                return -1;
            }
            if (x > y) {
                return 1;
            }
            return x == y ? 0 : UNORDERED;
        }
        if (ai) {
            return compareLongDouble(a.longValue(), b.doubleValue());
        }
        int c = compareLongDouble(b.longValue(), a.doubleValue());
        return c == UNORDERED ? UNORDERED : -c;
    }

    /** Exact comparison of a long with a double (no precision loss for large longs). */
    static int compareLongDouble(long l, double d) {
        if (Double.isNaN(d)) {
            return UNORDERED;
        }
        if (d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        long t = (long) d; // exact: |d| < 2^63, truncated toward zero
        if (l != t) {
            return Long.compare(l, t);
        }
        double frac = d - t; // exact
        return frac > 0 ? -1 : frac < 0 ? 1 : 0;
    }

    // ---------------------------------------------------------------- leaves

    /** A string, numeric (Long or Double) or boolean literal, or a folded constant. */
    static final class Literal extends Expression {
        private final Object value;
        private final Type type;

        Literal(int position, Object value, Type type) {
            super(position, 1);
            this.value = value;
            this.type = type;
        }

        @Override
        Type type() {
            return type;
        }

        @Override
        Object value(Function<String, Object> ids) {
            return value;
        }
    }

    /** A message property or header field reference. */
    static final class Identifier extends Expression {
        final String name;

        Identifier(int position, String name) {
            super(position, 1);
            this.name = name;
        }

        @Override
        Type type() {
            return Type.ANY;
        }

        @Override
        Object value(Function<String, Object> ids) {
            Object v = ids.apply(name);
            // supported types only; anything else is NULL
            if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                    || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte) {
                return v;
            }
            return null;
        }

        @Override
        int test(Function<String, Object> ids) {
            Object v = ids.apply(name);
            return v instanceof Boolean b ? of(b) : UNKNOWN;
        }
    }

    // ---------------------------------------------------------------- arithmetic

    /** Unary minus (or, with {@code negate == false}, unary plus: a numeric identity check). */
    static final class Sign extends Expression {
        private final Expression operand;
        private final boolean negate;

        Sign(int position, Expression operand, boolean negate) {
            super(position, maxDepth(operand));
            this.operand = operand;
            this.negate = negate;
        }

        @Override
        Type type() {
            return Type.NUMERIC;
        }

        @Override
        Object value(Function<String, Object> ids) {
            Object v = operand.value(ids);
            if (!(v instanceof Number n)) {
                return null;
            }
            if (!negate) {
                return n;
            }
            if (isIntegral(n)) {
                return -n.longValue();
            }
            return -n.doubleValue();
        }
    }

    /** Binary {@code + - * /} with Java numeric promotion: long for integral operands, else double. */
    static final class Arithmetic extends Expression {
        final char op;
        private final Expression left;
        private final Expression right;

        Arithmetic(int position, char op, Expression left, Expression right) {
            super(position, maxDepth(left, right));
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Type type() {
            return Type.NUMERIC;
        }

        @Override
        Object value(Function<String, Object> ids) {
            Object l = left.value(ids);
            if (!(l instanceof Number a)) {
                return null;
            }
            Object r = right.value(ids);
            if (!(r instanceof Number b)) {
                return null;
            }
            return apply(op, a, b);
        }

        static Number apply(char op, Number a, Number b) {
            if (isIntegral(a) && isIntegral(b)) {
                long x = a.longValue();
                long y = b.longValue();
                switch (op) {
                    case '+': return x + y;
                    case '-': return x - y;
                    case '*': return x * y;
                    default:
                        return y == 0 ? null : x / y;
                }
            }
            double x = a.doubleValue();
            double y = b.doubleValue();
            switch (op) {
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                default: return x / y;
            }
        }
    }

    // ---------------------------------------------------------------- conditions

    /** Base of the nodes whose value is boolean: value() is derived from test(). */
    abstract static class Condition extends Expression {
        Condition(int position, int depth) {
            super(position, depth);
        }

        @Override
        final Type type() {
            return Type.BOOLEAN;
        }

        @Override
        final Object value(Function<String, Object> ids) {
            return toBoolean(test(ids));
        }

        @Override
        abstract int test(Function<String, Object> ids);
    }

    /** Comparison operators. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean isOrdering() {
            return this != EQ && this != NE;
        }

        /** Applies this operator to the result of {@link Expression#compare}. */
        int ofComparison(int c) {
            if (c == UNORDERED) { // NaN: Java semantics, only <> holds
                return this == NE ? TRUE : FALSE;
            }
            switch (this) {
                case EQ: return of(c == 0);
                case NE: return of(c != 0);
                case LT: return of(c < 0);
                case LE: return of(c <= 0);
                case GT: return of(c > 0);
                default: return of(c >= 0);
            }
        }
    }

    /**
     * {@code = <> < <= > >=}. NULL on either side gives UNKNOWN. A comparison of unlike types
     * (string with number, boolean with string, ...) or an ordering comparison of strings or
     * booleans is FALSE, as JMS 3.1 section 3.8.1.2 says ("if the comparison of non-like type
     * values is attempted, the value of the operation is false"), so NOT of it is TRUE.
     * Numbers compare by value across integral and floating-point types.
     */
    static final class Comparison extends Condition {
        private final Op op;
        private final Expression left;
        private final Expression right;

        Comparison(int position, Op op, Expression left, Expression right) {
            super(position, maxDepth(left, right));
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        int test(Function<String, Object> ids) {
            Object l = left.value(ids);
            if (l == null) {
                return UNKNOWN;
            }
            Object r = right.value(ids);
            if (r == null) {
                return UNKNOWN;
            }
            return compareValues(op, l, r);
        }

        static int compareValues(Op op, Object l, Object r) {
            if (l instanceof Number a) {
                return r instanceof Number b ? op.ofComparison(compare(a, b)) : FALSE;
            }
            if (op.isOrdering()) {
                return FALSE;
            }
            if ((l instanceof String && r instanceof String) || (l instanceof Boolean && r instanceof Boolean)) {
                return of(l.equals(r) == (op == Op.EQ));
            }
            return FALSE;
        }
    }

    /**
     * {@code v [NOT] BETWEEN lo AND hi}: exactly {@code v >= lo AND v <= hi}, and for NOT exactly
     * {@code v < lo OR v > hi}, with {@code v} evaluated once.
     */
    static final class Between extends Condition {
        private final Expression subject;
        private final Expression low;
        private final Expression high;
        private final boolean negated;

        Between(int position, Expression subject, Expression low, Expression high, boolean negated) {
            super(position, maxDepth(subject, low, high));
            this.subject = subject;
            this.low = low;
            this.high = high;
            this.negated = negated;
        }

        @Override
        int test(Function<String, Object> ids) {
            Object v = subject.value(ids);
            if (!(v instanceof Number n)) {
                return UNKNOWN; // NULL, or not comparable with numbers: every comparison is UNKNOWN
            }
            int first = side(negated ? Op.LT : Op.GE, n, low.value(ids));
            if (negated ? first == TRUE : first == FALSE) {
                return first;
            }
            int second = side(negated ? Op.GT : Op.LE, n, high.value(ids));
            if (negated ? second == TRUE : second == FALSE) {
                return second;
            }
            return first == UNKNOWN || second == UNKNOWN ? UNKNOWN : first;
        }

        private static int side(Op op, Number v, Object bound) {
            return bound instanceof Number b ? op.ofComparison(compare(v, b)) : UNKNOWN;
        }
    }

    /** {@code identifier [NOT] IN ('a', 'b', ...)}. */
    static final class In extends Condition {
        private final Identifier subject;
        private final Set<String> values;
        private final boolean negated;

        In(int position, Identifier subject, Set<String> values, boolean negated) {
            super(position, 2);
            this.subject = subject;
            this.values = values;
            this.negated = negated;
        }

        @Override
        int test(Function<String, Object> ids) {
            Object v = subject.value(ids);
            if (!(v instanceof String s)) {
                return UNKNOWN; // NULL, or a non-string that compares UNKNOWN with every element
            }
            return of(values.contains(s) != negated);
        }
    }

    /** {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}. */
    static final class Like extends Condition {
        private final Identifier subject;
        private final LikePattern pattern;
        private final boolean negated;

        Like(int position, Identifier subject, LikePattern pattern, boolean negated) {
            super(position, 2);
            this.subject = subject;
            this.pattern = pattern;
            this.negated = negated;
        }

        @Override
        int test(Function<String, Object> ids) {
            Object v = subject.value(ids);
            if (!(v instanceof String s)) {
                return UNKNOWN;
            }
            return of(pattern.matches(s) != negated);
        }
    }

    /** {@code identifier IS [NOT] NULL}; a value of an unsupported type counts as NULL. */
    static final class IsNull extends Condition {
        private final Identifier subject;
        private final boolean negated;

        IsNull(int position, Identifier subject, boolean negated) {
            super(position, 2);
            this.subject = subject;
            this.negated = negated;
        }

        @Override
        int test(Function<String, Object> ids) {
            return of((subject.value(ids) == null) != negated);
        }
    }

    /** {@code NOT c}: NOT UNKNOWN is UNKNOWN. */
    static final class Not extends Condition {
        private final Expression operand;

        Not(int position, Expression operand) {
            super(position, maxDepth(operand));
            this.operand = operand;
        }

        @Override
        int test(Function<String, Object> ids) {
            return not(operand.test(ids));
        }
    }

    /** n-ary AND: FALSE if any operand is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE. */
    static final class And extends Condition {
        private final Expression[] operands;

        And(int position, Expression[] operands) {
            super(position, maxDepth(operands));
            this.operands = operands;
        }

        @Override
        int test(Function<String, Object> ids) {
            int result = TRUE;
            for (Expression e : operands) {
                int t = e.test(ids);
                if (t == FALSE) {
                    return FALSE;
                }
                if (t == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }

    /** n-ary OR: TRUE if any operand is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE. */
    static final class Or extends Condition {
        private final Expression[] operands;

        Or(int position, Expression[] operands) {
            super(position, maxDepth(operands));
            this.operands = operands;
        }

        @Override
        int test(Function<String, Object> ids) {
            int result = FALSE;
            for (Expression e : operands) {
                int t = e.test(ids);
                if (t == TRUE) {
                    return TRUE;
                }
                if (t == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }
}
