package io.jaqs.jms.jndi;

import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Function;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;

/**
 * A flat, read-only, in-memory naming context over the bindings a {@link JaqsInitialContextFactory}
 * built from its environment. Names are taken whole ({@code jms/orders} is one name), as the
 * properties defined them. The objects are shared: every lookup of a name returns the same instance.
 */
final class ReadOnlyContext implements Context {
    private static final NameParser PARSER = CompositeName::new;

    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> environment;

    ReadOnlyContext(Map<String, Object> bindings, Hashtable<?, ?> environment) {
        this.bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
        this.environment = environment == null ? new Hashtable<>() : new Hashtable<>(environment);
    }

    // ---- reading

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return new ReadOnlyContext(bindings, environment); // JNDI: looking up "" yields a new instance of this context
        }
        Object o = bindings.get(name);
        if (o == null) {
            throw new NameNotFoundException("Nothing is bound to '" + name + "' in this Jaqs JNDI context; bound are "
                    + bindings.keySet() + " (define connectionFactory.<name>, queue.<name> or topic.<name>)");
        }
        return o;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(flat(name));
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name); // no links here
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        checkIsThisContext(name);
        return enumeration(e -> new NameClassPair(e.getKey(), e.getValue().getClass().getName()));
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(flat(name));
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        checkIsThisContext(name);
        return enumeration(e -> new Binding(e.getKey(), e.getValue()));
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(flat(name));
    }

    /** The context is flat: only "" names a context; a bound name names an object, anything else nothing. */
    private void checkIsThisContext(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return;
        }
        if (bindings.containsKey(name)) {
            throw new NotContextException("'" + name + "' is bound to an object, not a context");
        }
        throw new NameNotFoundException("Nothing is bound to '" + name + "' in this Jaqs JNDI context");
    }

    private <T> NamingEnumeration<T> enumeration(Function<Map.Entry<String, Object>, T> f) {
        Iterator<Map.Entry<String, Object>> it = bindings.entrySet().iterator();
        return new NamingEnumeration<>() {
            @Override
            public T next() {
                return nextElement();
            }

            @Override
            public boolean hasMore() {
                return it.hasNext();
            }

            @Override
            public void close() {
                // nothing held
            }

            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public T nextElement() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return f.apply(it.next());
            }
        };
    }

    private static String flat(Name name) {
        return name == null ? "" : name.toString();
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        Name result = (Name) prefix.clone();
        return result.addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) throws NamingException {
        if (prefix == null || prefix.isEmpty()) {
            return name;
        }
        if (name == null || name.isEmpty()) {
            return prefix;
        }
        return composeName(new CompositeName(name), new CompositeName(prefix)).toString();
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    // ---- environment (changing it does not change the bindings)

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public void close() {
        // nothing held: the objects outlive the context, as JNDI objects do
    }

    // ---- writing: refused

    private static OperationNotSupportedException readOnly(String operation) {
        return new OperationNotSupportedException("The Jaqs JNDI context is read-only (" + operation
                + " is not supported); define names with connectionFactory.<name>, queue.<name> and topic.<name>"
                + " in the environment or jndi.properties");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly("bind");
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly("bind");
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly("rebind");
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly("rebind");
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly("unbind");
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly("unbind");
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly("rename");
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly("rename");
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly("destroySubcontext");
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly("destroySubcontext");
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly("createSubcontext");
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly("createSubcontext");
    }
}
