package io.relata.example.hello;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.recyclebin.RecycleBin;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeClause;

/**
 * Greetings in the {@code hello_greeting} table. Each method is one JTA transaction: the row, its recycle-bin
 * entry and its events commit together, and events reach listeners only after the commit.
 *
 * <p>Every read goes through the caller's data scope for {@value #RECORD_TYPE}, in the query itself: a greeting
 * outside the scope is absent from lists and counts and answers 404, exactly as if it did not exist.
 */
@Component(service = GreetingStore.class)
public class GreetingStore {

    static final String RECORD_TYPE = "hello.greeting";
    private static final String UNIQUE_VIOLATION = "23505";

    private final JpaTemplate jpa;
    private final DomainEvents events;
    private final RecycleBin recycleBin;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public GreetingStore(@Reference(target = "(osgi.unit.name=hello)") JpaTemplate jpa,
                         @Reference(target = HelloSchema.READY) SchemaStatus schema,
                         @Reference DomainEvents events,
                         @Reference RecycleBin recycleBin,
                         @Reference CurrentUser currentUser,
                         @Reference AccessControl access) {
        this.jpa = jpa;
        this.events = events;
        this.recycleBin = recycleBin;
        this.currentUser = currentUser;
        this.access = access;
    }

    public GreetingView create(GreetingChanges request) {
        GreetingChanges valid = request.validated();
        String owner = currentUser.require().id();
        return jpa.txExpr(TransactionType.Required, em -> {
            Instant now = now();
            Greeting greeting = new Greeting(UUID.randomUUID().toString(), valid.name(), valid.message(), owner, now);
            em.persist(greeting);
            events.publish(new GreetingEvents.Created(greeting.id(), greeting.name(), now));
            flushUnique(em, valid.name());
            return GreetingView.of(greeting);
        });
    }

    public Optional<GreetingView> find(String id) {
        DataScope scope = access.scope(RECORD_TYPE);
        return jpa.txExpr(TransactionType.Supports, em -> live(em, id, scope).map(GreetingView::of));
    }

    public Page<GreetingView> list(PageRequest page) {
        ScopeClause scope = access.scope(RECORD_TYPE).jpql("g.ownerId");
        return jpa.txExpr(TransactionType.Supports, em -> {
            String where = page.cursor() == null ? ""
                    : " AND (g.createdAt < :at OR (g.createdAt = :at AND g.id < :id))";
            TypedQuery<Greeting> query = em.createQuery("SELECT g FROM Greeting g WHERE g.deletedAt IS NULL AND "
                    + scope.condition() + where + " ORDER BY g.createdAt DESC, g.id DESC", Greeting.class);
            scope.named().forEach(query::setParameter);
            if (page.cursor() != null) {
                query.setParameter("at", cursorTime(page.cursor()).atOffset(ZoneOffset.UTC));
                query.setParameter("id", page.cursor().key(1));
            }
            List<Greeting> rows = query.setMaxResults(page.limit() + 1).getResultList();
            List<GreetingView> items = rows.stream().limit(page.limit()).map(GreetingView::of).toList();
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            GreetingView last = items.get(items.size() - 1);
            return new Page<>(items, Cursor.of(last.createdAt().toString(), last.id()).encode());
        });
    }

    public long count() {
        ScopeClause scope = access.scope(RECORD_TYPE).jpql("g.ownerId");
        return jpa.txExpr(TransactionType.Supports, em -> {
            TypedQuery<Long> query = em.createQuery("SELECT COUNT(g) FROM Greeting g WHERE g.deletedAt IS NULL AND "
                    + scope.condition(), Long.class);
            scope.named().forEach(query::setParameter);
            return query.getSingleResult();
        });
    }

    /**
     * @param ifMatch the client's {@code If-Match}: the change applies only to the version the client read
     * @param edit    turns the current writable fields into the new ones
     */
    public GreetingView change(String id, String ifMatch, UnaryOperator<GreetingChanges> edit) {
        DataScope scope = access.scope(RECORD_TYPE);
        return jpa.txExpr(TransactionType.Required, em -> {
            Greeting greeting = live(em, id, scope).orElseThrow(() -> notFound(id));
            new EntityVersion(greeting.version()).requireMatch(ifMatch);
            GreetingChanges valid = edit.apply(GreetingChanges.of(greeting)).validated();
            Instant now = now();
            greeting.change(valid.name(), valid.message(), now);
            events.publish(new GreetingEvents.Changed(greeting.id(), greeting.name(), now));
            flushUnique(em, valid.name());
            return GreetingView.of(greeting);
        });
    }

    /** Moves the greeting to the recycle bin; {@code ifMatch} is optional here, and checked when sent. */
    public void delete(String id, String ifMatch) {
        DataScope scope = access.scope(RECORD_TYPE);
        jpa.tx(TransactionType.Required, em -> {
            Greeting greeting = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (ifMatch != null) {
                new EntityVersion(greeting.version()).requireMatch(ifMatch);
            }
            Instant now = now();
            greeting.delete(now);
            recycleBin.add(HelloModule.ID, RECORD_TYPE, greeting.id(), greeting.name());
            events.publish(new GreetingEvents.Deleted(greeting.id(), greeting.name(), now));
            em.flush();
        });
    }

    /**
     * Brings a deleted greeting back, for the recycle bin. Not limited to the caller's data scope: the bin's own
     * restore permission decides who may.
     *
     * @throws io.relata.api.rest.ProblemException 409 when a live greeting has the name now, or the row is gone
     */
    void restoreDeleted(String id) {
        jpa.tx(TransactionType.Required, em -> {
            Greeting greeting = em.find(Greeting.class, id);
            if (greeting == null) {
                throw Problem.conflict("greeting " + id + " no longer exists; purge its recycle-bin entry")
                        .toException();
            }
            if (!greeting.deleted()) {
                return;
            }
            Instant now = now();
            greeting.restore(now);
            flushUnique(em, greeting.name());
            events.publish(new GreetingEvents.Restored(greeting.id(), greeting.name(), now));
        });
    }

    /** Removes a deleted greeting's row for good, for the recycle bin; a live greeting is never removed. */
    void purgeDeleted(String id) {
        jpa.tx(TransactionType.Required, em -> {
            Greeting greeting = em.find(Greeting.class, id);
            if (greeting != null && greeting.deleted()) {
                em.remove(greeting);
                em.flush();
            }
        });
    }

    /** A live greeting inside the caller's scope; anything else is "not found", so its existence does not leak. */
    private static Optional<Greeting> live(EntityManager em, String id, DataScope scope) {
        Greeting greeting = id == null ? null : em.find(Greeting.class, id);
        return greeting == null || greeting.deleted() || !scope.allows(greeting.ownerId()) ? Optional.empty()
                : Optional.of(greeting);
    }

    /** Writes now, so a duplicate name is a 409 for this request instead of a failed commit later. */
    private static void flushUnique(EntityManager em, String name) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw Problem.conflict("a greeting for '" + name + "' already exists").toException();
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Instant cursorTime(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException();
            }
            return Instant.parse(cursor.key(0));
        } catch (RuntimeException e) {
            throw Problem.validation("cursor", "is not a cursor of this list").toException();
        }
    }

    private static RuntimeException notFound(String id) {
        return Problem.notFound("no greeting with id " + id).toException();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
