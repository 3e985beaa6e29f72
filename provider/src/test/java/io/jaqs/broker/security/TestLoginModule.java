package io.jaqs.broker.security;

import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/** A JAAS login module for tests: user X's password is X-pw; every user gets the role principal "app". */
public class TestLoginModule implements LoginModule {
    private Subject subject;
    private CallbackHandler handler;
    private String user;

    record Named(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    public static Configuration configuration(String entry) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return !entry.equals(name) ? null : new AppConfigurationEntry[] {new AppConfigurationEntry(TestLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
            }
        };
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback n = new NameCallback("user");
        PasswordCallback p = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {n, p});
        } catch (Exception e) {
            throw new LoginException(e.toString());
        }
        if (n.getName() == null || !(n.getName() + "-pw").equals(new String(p.getPassword()))) {
            throw new FailedLoginException("bad password");
        }
        user = n.getName();
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().add(new Named(user));
        subject.getPrincipals().add(new Named("app"));
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
