package io.jaqs.ra;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.openejb.config.ReadDescriptors;
import org.apache.openejb.jee.ConfigProperty;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.ApplicationComposers;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test in a fresh Apache TomEE (OpenEJB) embedded container: the test class's @Module
 * methods are deployed (what TomEE's own junit5 extension does; that artifact is not published for
 * the Jakarta EE 10 line), and undeployed after the test unless the test did it itself.
 */
final class Container implements BeforeEachCallback, AfterEachCallback {
    private ApplicationComposers composers;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        composers = new ApplicationComposers(context.getRequiredTestClass());
        composers.before(context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        undeploy();
    }

    /** Stops the application and the container: endpoint deactivation, then ResourceAdapter.stop(). */
    void undeploy() throws Exception {
        if (composers != null) {
            ApplicationComposers c = composers;
            composers = null;
            c.after();
        }
    }

    /**
     * Deploys an EJB application after the connector: as a server does with a .rar deployed on its
     * own, so that the connector's MDB container exists when the beans are configured (deploying both
     * in one application makes OpenEJB 10.1 also create its default ActiveMQ MDB container).
     */
    static org.apache.openejb.assembler.classic.AppInfo deployBeans(String appName, Class<?>... beans) throws Exception {
        org.apache.openejb.jee.EjbJar jar = new org.apache.openejb.jee.EjbJar(appName);
        for (Class<?> b : beans) {
            if (b.isAnnotationPresent(jakarta.ejb.MessageDriven.class)) {
                jar.addEnterpriseBean(new org.apache.openejb.jee.MessageDrivenBean(b));
            } else {
                jar.addEnterpriseBean(new org.apache.openejb.jee.StatelessBean(b));
            }
        }
        org.apache.openejb.config.EjbModule module = new org.apache.openejb.config.EjbModule(jar);
        module.setFinder(new org.apache.xbean.finder.AnnotationFinder(new org.apache.xbean.finder.archive.ClassesArchive(beans)).link());
        org.apache.openejb.config.AppModule app = new org.apache.openejb.config.AppModule(Container.class.getClassLoader(), appName);
        app.getEjbModules().add(module);
        org.apache.openejb.assembler.classic.Assembler assembler =
                org.apache.openejb.loader.SystemInstance.get().getComponent(org.apache.openejb.assembler.classic.Assembler.class);
        org.apache.openejb.assembler.classic.AppInfo info = new org.apache.openejb.config.ConfigurationFactory().configureApplication(app);
        assembler.createApplication(info);
        return info;
    }

    /** Undeploys an application deployed by {@link #deployBeans}: its MDBs' endpoints are deactivated; the connector stays. */
    static void undeployBeans(org.apache.openejb.assembler.classic.AppInfo app) throws Exception {
        org.apache.openejb.loader.SystemInstance.get().getComponent(org.apache.openejb.assembler.classic.Assembler.class)
                .destroyApplication(app);
    }

    /** Container configuration declaring Jaqs topics (the adapter's admin object class) as resources named as the topics. */
    static java.util.Properties topics(java.util.Properties p, String... names) {
        for (String n : names) {
            p.setProperty(n, "new://Resource?type=jakarta.jms.Topic&class-name=io.jaqs.ra.JaqsTopicAdminObject");
            p.setProperty(n + ".name", n);
        }
        return p;
    }

    /**
     * Adds an instance of one of the descriptor's admin objects (as a server's deployment plan or
     * admin console does): the container creates it from the adapter's admin object class, sets its
     * config properties, and binds it as the resource {@code id}.
     */
    static void adminObject(Connector connector, String id, String adminObjectInterface, String... properties) {
        org.apache.openejb.jee.AdminObject declared = connector.getResourceAdapter().getAdminObject().stream()
                .filter(a -> a.getAdminObjectInterface().equals(adminObjectInterface)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ra.xml declares no admin object for " + adminObjectInterface));
        org.apache.openejb.jee.AdminObject a = new org.apache.openejb.jee.AdminObject();
        a.setId(id);
        a.setAdminObjectInterface(adminObjectInterface);
        a.setAdminObjectClass(declared.getAdminObjectClass());
        for (int i = 0; i < properties.length; i += 2) {
            String name = properties[i];
            ConfigProperty template = declared.getConfigProperty().stream().filter(c -> c.getConfigPropertyName().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("the admin object declares no config-property " + name));
            ConfigProperty p = new ConfigProperty();
            p.setConfigPropertyName(name);
            p.setConfigPropertyType(template.getConfigPropertyType());
            p.setConfigPropertyValue(properties[i + 1]);
            a.getConfigProperty().add(p);
        }
        connector.getResourceAdapter().getAdminObject().add(a);
    }

    /** Container configuration declaring Jaqs queues as resources named as the queues. */
    static java.util.Properties queues(String... names) {
        java.util.Properties p = new java.util.Properties();
        for (String n : names) {
            p.setProperty(n, "new://Resource?type=jakarta.jms.Queue&class-name=io.jaqs.jms.JaqsQueue&constructor=name");
            p.setProperty(n + ".name", n);
        }
        return p;
    }

    /** A deployed stateless bean's no-interface view. */
    static <T> T bean(String name, Class<T> type) throws Exception {
        javax.naming.Context jndi = org.apache.openejb.loader.SystemInstance.get()
                .getComponent(org.apache.openejb.spi.ContainerSystem.class).getJNDIContext();
        return type.cast(jndi.lookup("openejb/local/" + name + "LocalBean"));
    }

    /** The module's real descriptor, with the store URL set on the resource adapter. */
    static Connector connector(String url, String... properties) throws Exception {
        Connector connector = ReadDescriptors.readConnector(new File("src/main/rar/META-INF/ra.xml").toURI().toURL());
        set(connector, "url", url);
        for (int i = 0; i < properties.length; i += 2) {
            set(connector, properties[i], properties[i + 1]);
        }
        return connector;
    }

    private static void set(Connector connector, String name, String value) {
        for (ConfigProperty p : connector.getResourceAdapter().getConfigProperty()) {
            if (p.getConfigPropertyName().equals(name)) {
                p.setConfigPropertyValue(value);
                return;
            }
        }
        throw new IllegalArgumentException("ra.xml declares no config-property " + name);
    }

    /**
     * Waits (bounded) until at least this many inbound consumers run: a deployment returns once
     * the container activated its endpoints, and each consumer's Work starts on its own thread after.
     */
    static void awaitRunningConsumers(JaqsResourceAdapter ra, int atLeast, String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (ra.getRunningConsumers() < atLeast) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline, what + ": " + ra.getRunningConsumers() + " run");
            Thread.onSpinWait();
        }
    }

    /** Live threads now running a Jaqs inbound consumer loop (by their stacks: pooled threads outlive their Work). */
    static List<String> consumerThreads() {
        List<String> found = new ArrayList<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith(JaqsActivation.class.getName()) && e.getMethodName().equals("run")) {
                    found.add(t.getThreadName());
                    break;
                }
            }
        }
        return found;
    }
}
