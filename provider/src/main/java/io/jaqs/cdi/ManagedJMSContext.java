package io.jaqs.cdi;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The injected JMSContext: a proxy that resolves, on every call, the real context of the current
 * scope (the JTA transaction, else the CDI request, else the thread). The container owns the real
 * contexts: the lifecycle methods below throw IllegalStateRuntimeException, as in Jakarta EE.
 */
final class ManagedJMSContext implements InvocationHandler {
    private static final Set<String> FORBIDDEN = Set.of("close", "commit", "rollback", "recover", "stop",
            "setClientID", "setExceptionListener", "setAutoStart");
    private final JaqsExtension extension;
    private final ContextKey key;

    private ManagedJMSContext(JaqsExtension extension, ContextKey key) {
        this.extension = extension;
        this.key = key;
    }

    static JMSContext create(JaqsExtension extension, ContextKey key) {
        return (JMSContext) Proxy.newProxyInstance(JMSContext.class.getClassLoader(),
                new Class<?>[] {JMSContext.class}, new ManagedJMSContext(extension, key));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "container-managed JMSContext " + key.factory() + "/" + key.sessionMode();
                }
                break;
            default:
                if (FORBIDDEN.contains(method.getName())) {
                    throw new IllegalStateRuntimeException(
                            "JMSContext." + method.getName() + "() is not allowed on a container-managed JMSContext");
                }
        }
        try {
            return method.invoke(extension.context(key), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
