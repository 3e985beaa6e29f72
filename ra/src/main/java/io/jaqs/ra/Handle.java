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
 * A handle the application holds: a Connection, a Session of such a connection, or a JMSContext,
 * over the physical objects of the {@link JaqsManagedConnection} it is currently associated with.
 * It enforces the Jakarta EE container rules (JMS 3.1, 12.2): setClientID, setExceptionListener,
 * stop, setMessageListener, connection consumers and JMSContext.createContext throw
 * IllegalStateException (IllegalStateRuntimeException for JMSContext); a connection has at most one
 * open session. What it opens (consumers, producers, browsers) is closed with it, or when the
 * container cleans up its managed connection.
 */
final class Handle implements InvocationHandler {
    enum Kind { CONNECTION, SESSION, CONTEXT }

    private static final Set<String> CONNECTION_FORBIDDEN = Set.of("setClientID", "setExceptionListener", "stop",
            "createConnectionConsumer", "createSharedConnectionConsumer", "createDurableConnectionConsumer",
            "createSharedDurableConnectionConsumer");
    private static final Set<String> SESSION_FORBIDDEN = Set.of("setMessageListener", "getMessageListener", "run");
    private static final Set<String> CONTEXT_FORBIDDEN = Set.of("setClientID", "setExceptionListener", "stop", "createContext");

    private final Kind kind;
    private final Handle parent;
    private final Object proxy;
    private volatile JaqsManagedConnection mc;
    private volatile boolean closed;
    /** Sessions of a connection handle; consumers, producers and browsers of a session or context handle. */
    private final List<Object> children = new ArrayList<>();

    Handle(Kind kind, JaqsManagedConnection mc, Handle parent) {
        this.kind = kind;
        this.mc = mc;
        this.parent = parent;
        Class<?>[] types = switch (kind) {
            case CONNECTION -> new Class<?>[] {Connection.class, QueueConnection.class, TopicConnection.class};
            case SESSION -> new Class<?>[] {Session.class, QueueSession.class, TopicSession.class};
            case CONTEXT -> new Class<?>[] {JMSContext.class};
        };
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
            throw kind == Kind.CONTEXT ? new IllegalStateRuntimeException("This JMSContext is closed")
                    : new IllegalStateException("This " + kind.name().toLowerCase() + " is closed");
        }
        switch (kind) {
            case CONNECTION -> {
                return connection(method, name, args);
            }
            case SESSION -> {
                if (SESSION_FORBIDDEN.contains(name)) {
                    throw new IllegalStateException("Session." + name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
                }
                return track(delegate(mc.session(), method, args));
            }
            default -> {
                if (CONTEXT_FORBIDDEN.contains(name)) {
                    throw new IllegalStateRuntimeException("JMSContext." + name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
                }
                return track(delegate(mc.context(), method, args));
            }
        }
    }

    private Object connection(Method method, String name, Object[] args) throws Throwable {
        if (CONNECTION_FORBIDDEN.contains(name)) {
            throw new IllegalStateException("Connection." + name + " is not allowed in a Jakarta EE container (JMS 3.1, 12.2)");
        }
        switch (name) {
            case "createSession", "createQueueSession", "createTopicSession" -> {
                synchronized (this) {
                    for (Object c : children) {
                        Handle h = of(c);
                        if (h != null && !h.closed) {
                            throw new IllegalStateException("A connection in a Jakarta EE container has at most one open session "
                                    + "(JMS 3.1, 12.2); close the other one first");
                        }
                    }
                    children.removeIf(c -> of(c) == null || of(c).closed);
                    // the arguments are ignored: in a JTA transaction the work is the transaction's, else auto-acknowledged
                    Handle s = new Handle(Kind.SESSION, mc, this);
                    children.add(s.proxy());
                    return s.proxy();
                }
            }
            case "getClientID" -> {
                return mc.context().getClientID();
            }
            case "getMetaData" -> {
                return mc.context().getMetaData();
            }
            case "getExceptionListener" -> {
                return null;
            }
            case "start" -> {
                mc.context().start();
                return null;
            }
            default -> throw new IllegalStateException("Connection." + name + " is not supported on a Jaqs resource adapter connection");
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
        return result;
    }

    private void close() {
        if (closed) {
            return;
        }
        closeChildren();
        closed = true;
        if (kind != Kind.SESSION) {
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
