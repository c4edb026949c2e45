package io.relata.example.hello;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.aries.jpa.template.EmConsumer;
import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;

/**
 * What Aries JPA hands the store at runtime, on a resource-local unit: every call is a transaction that commits
 * when the code returns and rolls back when it throws. Nothing here nests, so the type is not looked at.
 */
final class ResourceLocalJpaTemplate implements JpaTemplate {

    private final EntityManagerFactory factory;

    ResourceLocalJpaTemplate(EntityManagerFactory factory) {
        this.factory = factory;
    }

    @Override
    public <R> R txExpr(TransactionType type, EmFunction<R> code) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            R result = code.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
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
