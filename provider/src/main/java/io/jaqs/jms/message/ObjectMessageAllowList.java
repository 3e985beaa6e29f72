package io.jaqs.jms.message;

import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which classes an {@link jakarta.jms.ObjectMessage} body may deserialize into.
 *
 * <p>Classes in {@code java.*} (and primitives and arrays of allowed classes) are always allowed.
 * Further classes are allowed by prefix. An entry ending in {@code .} or {@code $} matches every
 * class name that starts with it ({@code com.acme.} allows {@code com.acme.Order} and
 * {@code com.acme.sub.Line}). Any other entry matches that exact name and the names continuing it
 * after a {@code .} or {@code $} ({@code com.acme} allows the package {@code com.acme} and its
 * sub-packages; {@code com.acme.Order} allows that class and its nested classes). The entry
 * {@code *} trusts every class (not recommended).
 *
 * <p>The enforcement is a JEP 290 {@link ObjectInputFilter} installed on the stream; when the JVM
 * has a process-wide serial filter ({@code jdk.serialFilter}), a class it rejects stays rejected.
 * Classes are resolved through the thread context class loader, falling back to the default.
 *
 * <p>The default list comes from the system property {@value #SYSTEM_PROPERTY} (comma-separated
 * prefixes, e.g. {@code -Djaqs.objectmessage.trustedPackages=com.acme.,org.example.}), read when
 * {@link #getDefault()} is called; {@link #setDefault(ObjectMessageAllowList)} overrides it. A
 * connection factory passes its own instance to {@link MessageCodec#decode} and
 * {@link JaqsObjectMessage#setAllowList(ObjectMessageAllowList)}. Instances are immutable.
 */
public final class ObjectMessageAllowList {

    /** System property holding the default trusted package prefixes, comma-separated. */
    public static final String SYSTEM_PROPERTY = "jaqs.objectmessage.trustedPackages";

    private static final ObjectMessageAllowList JAVA_ONLY = new ObjectMessageAllowList(List.of(), false);
    private static final ObjectMessageAllowList TRUST_ALL = new ObjectMessageAllowList(List.of(), true);

    private static volatile ObjectMessageAllowList explicitDefault;
    private static volatile Object[] parsedProperty; // {String value, ObjectMessageAllowList}

    private final List<String> prefixes;
    private final boolean trustAll;

    private ObjectMessageAllowList(List<String> prefixes, boolean trustAll) {
        this.prefixes = prefixes;
        this.trustAll = trustAll;
    }

    /**
     * The list used when none was configured on the connection factory: the one given to
     * {@link #setDefault}, else the one the system property {@value #SYSTEM_PROPERTY} names now.
     */
    public static ObjectMessageAllowList getDefault() {
        ObjectMessageAllowList d = explicitDefault;
        if (d != null) {
            return d;
        }
        String value = System.getProperty(SYSTEM_PROPERTY);
        Object[] cached = parsedProperty;
        if (cached != null && Objects.equals(cached[0], value)) {
            return (ObjectMessageAllowList) cached[1];
        }
        ObjectMessageAllowList parsed = parse(value);
        parsedProperty = new Object[] {value, parsed};
        return parsed;
    }

    /** Replaces the JVM-wide default; null goes back to the system property. */
    public static void setDefault(ObjectMessageAllowList allowList) {
        explicitDefault = allowList;
    }

    /** Only {@code java.*}. */
    public static ObjectMessageAllowList javaOnly() {
        return JAVA_ONLY;
    }

    /** Every class (deserialization of untrusted data becomes unsafe). */
    public static ObjectMessageAllowList trustAll() {
        return TRUST_ALL;
    }

    /** {@code java.*} plus the given prefixes ({@code *} trusts everything). */
    public static ObjectMessageAllowList of(String... prefixes) {
        return of(List.of(prefixes));
    }

    /** {@code java.*} plus the given prefixes ({@code *} trusts everything). */
    public static ObjectMessageAllowList of(Collection<String> prefixes) {
        List<String> list = new ArrayList<>(prefixes.size());
        for (String p : prefixes) {
            String t = p == null ? "" : p.trim();
            if (t.equals("*")) {
                return TRUST_ALL;
            }
            if (!t.isEmpty() && !list.contains(t)) {
                list.add(t);
            }
        }
        return list.isEmpty() ? JAVA_ONLY : new ObjectMessageAllowList(List.copyOf(list), false);
    }

    /** Parses a comma-separated prefix list as the system property holds it; null or blank = java.* only. */
    public static ObjectMessageAllowList parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return JAVA_ONLY;
        }
        return of(commaSeparated.split(","));
    }

    /** The configured prefixes, without the implicit {@code java.}. */
    public List<String> trustedPackages() {
        return prefixes;
    }

    public boolean isTrustAll() {
        return trustAll;
    }

    /** Whether a class of this name (binary name, e.g. {@code com.acme.Order$Line}) may be deserialized. */
    public boolean isAllowed(String className) {
        if (trustAll || className.startsWith("java.")) {
            return true;
        }
        for (String p : prefixes) {
            char last = p.charAt(p.length() - 1);
            if (last == '.' || last == '$') {
                if (className.startsWith(p)) {
                    return true;
                }
            } else if (className.startsWith(p) && (className.length() == p.length()
                    || className.charAt(p.length()) == '.' || className.charAt(p.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /** Whether this class (arrays: their element class; primitives always) may be deserialized. */
    public boolean isAllowed(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        return type.isPrimitive() || isAllowed(type.getName());
    }

    /** A JEP 290 filter enforcing this list (combined with the JVM-wide filter, if any). */
    public ObjectInputFilter inputFilter() {
        return new Filter(this);
    }

    /** Serializes a body (the snapshot an ObjectMessage keeps). */
    static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException(
                    "ObjectMessage: cannot serialize " + object.getClass().getName() + ": " + e);
            mfe.initCause(e);
            mfe.setLinkedException(e);
            throw mfe;
        }
        return bytes.toByteArray();
    }

    /**
     * Deserializes an ObjectMessage body under this list.
     *
     * @throws MessageFormatException when the stream holds a class outside the list (the message
     *         names the class and how to allow it), a class that cannot be found, or bad data
     */
    public Serializable deserialize(byte[] data) throws MessageFormatException {
        Filter filter = new Filter(this);
        try (ObjectInputStream in = new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(filter);
            Object o = in.readObject();
            if (o != null && !(o instanceof Serializable)) {
                throw new MessageFormatException("ObjectMessage body is not Serializable: " + o.getClass().getName());
            }
            return (Serializable) o;
        } catch (InvalidClassException e) {
            if (filter.rejected != null) {
                throw refused(filter.rejected, e);
            }
            throw format("ObjectMessage body cannot be deserialized: " + e, e);
        } catch (ClassNotFoundException e) {
            throw format("ObjectMessage body holds class " + e.getMessage()
                    + ", which the thread context class loader cannot load", e);
        } catch (IOException | RuntimeException e) {
            throw format("ObjectMessage body cannot be deserialized: " + e, e);
        }
    }

    private MessageFormatException refused(String className, Exception cause) {
        int dot = className.lastIndexOf('.');
        String pkg = dot > 0 ? className.substring(0, dot + 1) : className;
        String msg = "ObjectMessage body holds class " + className + ", which is not in the allow-list for"
                + " ObjectMessage deserialization (java.*" + (prefixes.isEmpty() ? "" : ", " + String.join(", ", prefixes))
                + "). To allow it, add its package prefix (e.g. \"" + pkg + "\") to the system property "
                + SYSTEM_PROPERTY + " (comma-separated, e.g. -D" + SYSTEM_PROPERTY + "=" + pkg
                + ") or to the trusted packages of the Jaqs connection factory";
        return format(msg, cause);
    }

    private static MessageFormatException format(String msg, Exception cause) {
        MessageFormatException mfe = new MessageFormatException(msg);
        mfe.initCause(cause);
        mfe.setLinkedException(cause);
        return mfe;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectMessageAllowList other && trustAll == other.trustAll
                && prefixes.equals(other.prefixes);
    }

    @Override
    public int hashCode() {
        return prefixes.hashCode() * 31 + (trustAll ? 1 : 0);
    }

    @Override
    public String toString() {
        return trustAll ? "ObjectMessageAllowList[*]" : "ObjectMessageAllowList[java."
                + (prefixes.isEmpty() ? "" : "," + String.join(",", prefixes)) + "]";
    }

    /** Per-stream filter: remembers the first class it refused, for the error message. */
    private static final class Filter implements ObjectInputFilter {
        private final ObjectMessageAllowList list;
        String rejected;

        Filter(ObjectMessageAllowList list) {
            this.list = list;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
            Status status = global == null ? Status.UNDECIDED : global.checkInput(info);
            if (status == Status.REJECTED) {
                if (info.serialClass() != null && rejected == null) {
                    rejected = info.serialClass().getName();
                }
                return Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return status; // a limits check (depth, references, array length): the JVM's rule
            }
            if (list.isAllowed(c)) {
                return Status.ALLOWED;
            }
            if (rejected == null) {
                Class<?> e = c;
                while (e.isArray()) {
                    e = e.getComponentType();
                }
                rejected = e.getName();
            }
            return Status.REJECTED;
        }
    }

    private static final class ContextClassLoaderObjectInputStream extends ObjectInputStream {
        ContextClassLoaderObjectInputStream(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            if (tccl != null) {
                try {
                    return Class.forName(desc.getName(), false, tccl);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution (primitives, the caller's loader)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
