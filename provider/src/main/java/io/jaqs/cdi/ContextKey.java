package io.jaqs.cdi;

import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSessionMode;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.InjectionPoint;

/** What an injected JMSContext was asked for: factory name ("" = default), session mode, credentials. */
record ContextKey(String factory, int sessionMode, String user, String password) {

    static String factoryName(InjectionPoint ip) {
        Annotated a = ip == null ? null : ip.getAnnotated();
        JMSConnectionFactory cf = a == null ? null : a.getAnnotation(JMSConnectionFactory.class);
        return cf == null ? "" : cf.value();
    }

    static ContextKey of(InjectionPoint ip) {
        Annotated a = ip == null ? null : ip.getAnnotated();
        JMSSessionMode mode = a == null ? null : a.getAnnotation(JMSSessionMode.class);
        JMSPasswordCredential cred = a == null ? null : a.getAnnotation(JMSPasswordCredential.class);
        return new ContextKey(factoryName(ip), mode == null ? JMSContext.AUTO_ACKNOWLEDGE : mode.value(),
                cred == null ? null : cred.userName(), cred == null ? null : cred.password());
    }
}
