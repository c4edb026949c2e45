package io.relata.testing;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.aries.jpa.template.EmConsumer;
import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;

/**
 * Aries' {@link JpaTemplate} over a resource-local persistence unit, for tests outside OSGi, with JTA's
 * {@code Required} semantics: a call inside another joins its transaction and entity manager, so work that spans
 * several stores commits or rolls back whole. {@code Supports} and the other types run without a transaction.
 *
 * <p>Stand-ins for services that take part in the caller's transaction (an audit trail, events published after
 * commit) pass what they did to {@link #afterCommit}: it happens when the outermost transaction commits and is
 * dropped when it rolls back, as the real services behave.
 */
public final class ResourceLocalJpa implements JpaTemplate {

    private static final ThreadLocal<List<Runnable>> PENDING = new ThreadLocal<>();

    private final EntityManagerFactory factory;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    public ResourceLocalJpa(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /** Runs the effect when the running transaction commits, or now when none runs on this thread. */
    public static void afterCommit(Runnable effect) {
        List<Runnable> pending = PENDING.get();
        if (pending == null) {
            effect.run();
        } else {
            pending.add(effect);
        }
    }

    @Override
    public <R> R txExpr(TransactionType type, EmFunction<R> code) {
        EntityManager joined = current.get();
        if (joined != null) {
            return code.apply(joined);
        }
        EntityManager em = factory.createEntityManager();
        boolean transactional = type == TransactionType.Required || type == TransactionType.RequiresNew;
        try {
            if (transactional) {
                em.getTransaction().begin();
                current.set(em);
                PENDING.set(new ArrayList<>());
            }
            R result = code.apply(em);
            if (transactional) {
                em.getTransaction().commit();
                PENDING.get().forEach(Runnable::run);
            }
            return result;
        } finally {
            if (transactional) {
                current.remove();
                PENDING.remove();
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
            }
            em.close();
        }
    }

    @Override
    public void tx(TransactionType type, EmConsumer code) {
        txExpr(type, em -> {
            code.accept(em);
            return null;
        });
    }

    @Override
    public <R> R txExpr(EmFunction<R> code) {
        return txExpr(TransactionType.Required, code);
    }

    @Override
    public void tx(EmConsumer code) {
        tx(TransactionType.Required, code);
    }
}
