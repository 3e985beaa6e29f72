package io.jaqs.ra;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A handle over the physical objects of the {@link JaqsManagedConnection} it is currently
 * associated with: a connection-level handle (one object that is both a Connection and a
 * JMSContext, since a container's pool may hand a managed connection out with the request info it
 * was created with; {@link JaqsRaConnectionFactory} gives the application a view of the type it
 * asked for), or a Session of it. It enforces the Jakarta EE container rules (JMS 3.1, 12.2):
 * setClientID, setExceptionListener, stop, Session/MessageConsumer/JMSConsumer.setMessageListener,
 * connection consumers and JMSContext.createContext throw IllegalStateException
 * (IllegalStateRuntimeException on the connection-level object, which the Connection view turns
 * into IllegalStateException, and on a JMSConsumer); a
 * connection has at most one open session. What a handle opens (consumers, producers, browsers) is
 * closed with it, or when the container cleans up its managed connection.
 */
final class Handle implements InvocationHandler {
    enum Kind { CONNECTION, SESSION }

    /** Methods both Connection and JMSContext declare: the proxy can only throw unchecked exceptions from them. */
    private static final Set<String> SHARED = Set.of("close", "start", "stop", "setClientID", "getClientID", "getMetaData",
            "getExceptionListener", "setExceptionListener");
    private static final Set<String> SESSION_FORBIDDEN = Set.of("setMessageListener", "getMessageListener", "run");

    private final Kind kind;
    private final Handle parent;
    private final Object proxy;
    private volatile JaqsManagedConnection mc;
    private volatile boolean closed;
    /** Sessions of a connection handle; consumers, producers and browsers it or its session opened. */
    private final List<Object> children = new ArrayList<>();

    Handle(Kind kind, JaqsManagedConnection mc, Handle parent) {
        this.kind = kind;
        this.mc = mc;
        this.parent = parent;
        Class<?>[] types = kind == Kind.SESSION ? new Class<?>[] {Session.class, QueueSession.class, TopicSession.class}
                : new Class<?>[] {Connection.class, QueueConnection.class, TopicConnection.class, JMSContext.class};
        this.proxy = Proxy.newProxyInstance(Handle.class.getClassLoader(), types, this);
    }

    /** The handle behind an object the application holds, or null. */
    static Handle of(Object o) {
        if (o != null && Proxy.isProxyClass(o.getClass()) && Proxy.getInvocationHandler(o) instanceof Handle h) {
            return h;
        }
        return null;
    }

    Object proxy() {
        return proxy;
    }

    JaqsManagedConnection owner() {
        return mc;
    }

    synchronized void reassign(JaqsManagedConnection to) {
        this.mc = to;
        for (Object c : children) {
            Handle h = of(c);
            if (h != null) {
                h.reassign(to);
            }
        }
    }

    /** Closed by the container's cleanup: no event, the container knows. */
    void invalidate() {
        closeChildren();
        closed = true;
    }

    @Override
    public Object invoke(Object p, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> p == args[0];
                case "hashCode" -> System.identityHashCode(p);
                default -> "Jaqs " + kind.name().toLowerCase() + " handle" + (closed ? " (closed)" : "");
            };
        }
        if (name.equals("close")) {
            close();
            return null;
        }
        if (closed || (parent != null && parent.closed)) {
            if (kind == Kind.SESSION) {
                throw new IllegalStateException("This session is closed");
            }
            throw new IllegalStateRuntimeException("This connection is closed");
        }
        if (kind == Kind.SESSION) {
            if (SESSION_FORBIDDEN.contains(name)) {
                throw new IllegalStateException("Session." + name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
            }
            return track(delegate(mc.session(), method, args));
        }
        if (SHARED.contains(name)) {
            return shared(name);
        }
        Class<?> declaring = method.getDeclaringClass();
        if (declaring == JMSContext.class) {
            if (name.equals("createContext")) {
                throw new IllegalStateRuntimeException("JMSContext.createContext is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
            }
            return track(delegate(mc.context(), method, args));
        }
        return connection(name);
    }

    private Object shared(String name) {
        switch (name) {
            case "stop", "setClientID", "setExceptionListener" -> throw new IllegalStateRuntimeException(
                    name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
            case "start" -> {
                mc.context().start();
                return null;
            }
            case "getClientID" -> {
                return mc.context().getClientID();
            }
            case "getMetaData" -> {
                return mc.context().getMetaData();
            }
            default -> {
                return null; // getExceptionListener: none can be set in a container
            }
        }
    }

    private Object connection(String name) throws JMSException {
        switch (name) {
            case "createSession", "createQueueSession", "createTopicSession" -> {
                synchronized (this) {
                    children.removeIf(c -> of(c) != null && of(c).closed);
                    for (Object c : children) {
                        if (of(c) != null) {
                            throw new IllegalStateException("A connection in a Jakarta EE container has at most one open session "
                                    + "(JMS 3.1, 12.2); close the other one first");
                        }
                    }
                    // the arguments are ignored: in a JTA transaction the work is the transaction's, else auto-acknowledged
                    Handle s = new Handle(Kind.SESSION, mc, this);
                    children.add(s.proxy());
                    return s.proxy();
                }
            }
            default -> throw new IllegalStateException("Connection." + name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
        }
    }

    private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object track(Object result) {
        if (result instanceof MessageConsumer || result instanceof MessageProducer || result instanceof QueueBrowser
                || result instanceof JMSConsumer) {
            synchronized (this) {
                children.add(result);
            }
        }
        if (result instanceof MessageConsumer || result instanceof JMSConsumer) {
            return ConsumerGuard.of(result);
        }
        return result;
    }

    /**
     * A consumer of a container handle: setMessageListener throws IllegalStateException
     * (IllegalStateRuntimeException on a JMSConsumer), as asynchronous delivery is not allowed in a
     * Jakarta EE container (JMS 3.1, 12.2); everything else goes to the provider's consumer.
     */
    private static final class ConsumerGuard implements InvocationHandler {
        private final Object target;

        private ConsumerGuard(Object target) {
            this.target = target;
        }

        static Object of(Object consumer) {
            Set<Class<?>> types = new java.util.LinkedHashSet<>();
            for (Class<?> c = consumer.getClass(); c != null; c = c.getSuperclass()) {
                collectJmsInterfaces(c, types);
            }
            return Proxy.newProxyInstance(Handle.class.getClassLoader(), types.toArray(Class<?>[]::new), new ConsumerGuard(consumer));
        }

        private static void collectJmsInterfaces(Class<?> c, Set<Class<?>> into) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().startsWith("jakarta.jms.")) {
                    into.add(i);
                }
                collectJmsInterfaces(i, into);
            }
        }

        @Override
        public Object invoke(Object p, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> String.valueOf(target);
                };
            }
            if (method.getName().equals("setMessageListener")) {
                String message = "setMessageListener is not allowed in a Jakarta EE container (JMS 3.1, 12.2): "
                        + "use a message-driven bean";
                if (method.getDeclaringClass() == JMSConsumer.class) {
                    throw new IllegalStateRuntimeException(message);
                }
                throw new IllegalStateException(message);
            }
            return delegate(target, method, args);
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closeChildren();
        closed = true;
        if (kind == Kind.CONNECTION) {
            JaqsManagedConnection owner = mc;
            if (owner != null) {
                owner.closed(this);
            }
        }
    }

    private void closeChildren() {
        List<Object> open;
        synchronized (this) {
            open = new ArrayList<>(children);
            children.clear();
        }
        for (Object c : open) {
            try {
                Handle h = of(c);
                if (h != null) {
                    h.closeChildren();
                    h.closed = true;
                } else if (c instanceof AutoCloseable a) {
                    a.close();
                }
            } catch (Exception e) {
                // closing what the handle opened: a failure here leaves nothing to release
            }
        }
    }

    static JMSException jms(String message, Exception cause) {
        JMSException e = new JMSException(message);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
