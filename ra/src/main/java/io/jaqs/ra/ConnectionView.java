package io.jaqs.ra;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.TopicConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The Connection an application gets: it calls through the container's object (so the container
 * sees close and tracks the handle) and gives the JMSException the Connection API declares where
 * the connection-level handle, being a JMSContext too, could only throw a JMSRuntimeException.
 */
final class ConnectionView implements InvocationHandler {
    private final Object target;

    private ConnectionView(Object target) {
        this.target = target;
    }

    static Object of(Object containerHandle) {
        return Proxy.newProxyInstance(ConnectionView.class.getClassLoader(),
                new Class<?>[] {Connection.class, QueueConnection.class, TopicConnection.class}, new ConnectionView(containerHandle));
    }

    @Override
    public Object invoke(Object p, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> p == args[0];
                case "hashCode" -> System.identityHashCode(p);
                default -> "Jaqs connection (" + target + ")";
            };
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof JMSRuntimeException r) {
                JMSException j;
                if (r instanceof IllegalStateRuntimeException) {
                    j = new IllegalStateException(r.getMessage(), r.getErrorCode());
                } else if (r instanceof JMSSecurityRuntimeException) {
                    j = new JMSSecurityException(r.getMessage(), r.getErrorCode());
                } else if (r instanceof InvalidClientIDRuntimeException) {
                    j = new InvalidClientIDException(r.getMessage(), r.getErrorCode());
                } else {
                    j = new JMSException(r.getMessage(), r.getErrorCode());
                }
                j.initCause(r);
                throw j;
            }
            throw c;
        }
    }
}
