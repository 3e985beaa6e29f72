package io.jaqs.ra;

import jakarta.jms.InvalidDestinationException;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the queue and topic admin objects share: the JavaBean property {@code name} that the server
 * sets from its configuration, and equality by kind and name. Jaqs sessions take any
 * {@link jakarta.jms.Queue} or {@link jakarta.jms.Topic} by its name.
 */
public abstract class AdminDestination implements Serializable, jakarta.resource.Referenceable {
    private static final long serialVersionUID = 1L;

    private String name;
    /** Set by the server that binds the object in JNDI (Connectors 2.1 §13.4.2.3: Referenceable with an association). */
    private transient javax.naming.Reference reference;

    AdminDestination(String name) {
        this.name = name;
    }

    /** "queue" or "topic": in messages and in {@link #toString()}. */
    abstract String kind();

    /** The destination's name (the JavaBean property the server sets). */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null || name.isBlank() ? null : name.trim();
    }

    /** The name, or a clear error when the server was not given one. */
    String requireName() throws InvalidDestinationException {
        if (name == null) {
            throw new InvalidDestinationException("This Jaqs " + kind() + " admin object has no name: set its 'name' property");
        }
        return name;
    }

    @Override
    public void setReference(javax.naming.Reference reference) {
        this.reference = reference;
    }

    @Override
    public javax.naming.Reference getReference() {
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(((AdminDestination) o).name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind(), name);
    }

    @Override
    public String toString() {
        return kind() + "://" + name;
    }
}
