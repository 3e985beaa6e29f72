package io.jaqs.cdi;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** One {@link JaqsListener} method: a connection with {@code min} AUTO_ACKNOWLEDGE sessions calling it. */
final class ListenerEndpoint {
    final Bean<?> bean;
    final Method method;
    final JaqsListener listener;
    private Connection connection;
    private CreationalContext<?> creational;

    ListenerEndpoint(Bean<?> bean, Method method, JaqsListener listener) {
        if (method.getParameterCount() != 1) {
            throw new IllegalArgumentException("@JaqsListener method " + method + " must take exactly one parameter");
        }
        this.bean = bean;
        this.method = method;
        this.listener = listener;
        concurrency(listener.concurrency()); // validate at deployment
        method.setAccessible(true);
    }

    /** {@code "n"} or {@code "min-max"} → {min, max}. */
    static int[] concurrency(String spec) {
        String s = spec.trim();
        int dash = s.indexOf('-');
        int min;
        int max;
        try {
            min = Integer.parseInt((dash < 0 ? s : s.substring(0, dash)).trim());
            max = dash < 0 ? min : Integer.parseInt(s.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("@JaqsListener concurrency '" + spec + "' is not \"n\" or \"min-max\"");
        }
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("@JaqsListener concurrency '" + spec + "': need 1 <= min <= max");
        }
        return new int[] {min, max};
    }

    synchronized void start(JaqsExtension extension, BeanManager bm) throws JMSException {
        creational = bm.createCreationalContext(bean);
        Object target = bm.getReference(bean, bean.getBeanClass(), creational);
        String cf = listener.connectionFactory();
        connection = extension.factory(cf).createConnection(extension.config().user(cf), extension.config().password(cf));
        try {
            int min = concurrency(listener.concurrency())[0];
            Class<?> param = method.getParameterTypes()[0];
            for (int i = 0; i < min; i++) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Destination dest = listener.topic() ? session.createTopic(listener.destination())
                        : session.createQueue(listener.destination());
                String selector = listener.selector().isEmpty() ? null : listener.selector();
                MessageConsumer consumer = session.createConsumer(dest, selector);
                consumer.setMessageListener(m -> deliver(target, param, m));
            }
            connection.start();
        } catch (JMSException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void deliver(Object target, Class<?> param, Message m) {
        try {
            Object arg = param.isInstance(m) ? m : m.getBody(param);
            method.invoke(target, arg);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new RuntimeException(c);
        } catch (JMSException | IllegalAccessException e) {
            throw new RuntimeException(e);
        }
    }

    /** Closes the connection: waits for running deliveries, no further ones. */
    synchronized void stop() {
        if (connection != null) {
            JaqsExtension.closeQuietly(connection);
            connection = null;
        }
        if (creational != null) {
            creational.release();
            creational = null;
        }
    }
}
