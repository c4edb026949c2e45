package io.relata.core.customers.customer;

import javax.persistence.EntityManager;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;

/** What every store of this bundle does the same way. */
public final class Writes {

    private Writes() {
    }

    /**
     * Writes now, so a concurrent change is this request's 412 instead of a failed commit later.
     *
     * @param what the kind of record, for the message, e.g. {@code customer}
     */
    public static void flush(EntityManager em, String what) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (e instanceof OptimisticLockException || e.getCause() instanceof OptimisticLockException
                    || (e.getCause() != null
                    && e.getCause().getClass().getSimpleName().equals("OptimisticLockException"))) {
                throw io.relata.api.rest.Problem.preconditionFailed("the " + what
                        + " was changed by someone else at the same time; read it again").toException();
            }
            throw e;
        }
    }

    /** Makes LIKE's wildcards literal; queries use {@code ESCAPE '\'}. */
    public static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
