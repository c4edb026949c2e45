package io.relata.core.recyclebin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.Transactions;
import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.recyclebin.RecycleBinHandler;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/**
 * Restores and purges bin entries through the {@link RecycleBinHandler} of the module that owns each record
 * type. Every action is one transaction that first deletes the entry and then calls the handler: the entry's
 * row lock makes a second caller (another request, another cluster node) find nothing to do, and a handler
 * failure rolls the deletion back, so the entry stays for another try.
 */
@Component(service = RecycleBinActions.class)
public class RecycleBinActions {

    private static final Logger LOG = LoggerFactory.getLogger(RecycleBinActions.class);

    /** What the retention purge did with one entry. */
    enum PurgeOutcome {
        PURGED,
        /** Another caller restored or purged it first. */
        ALREADY_GONE,
        /** The owning module is not running; the entry waits for it. */
        NO_HANDLER,
        /** The owning module failed; the entry stays. */
        FAILED
    }

    private final JdbcRecycleBin bin;
    private final Transactions transactions;
    /** By record type; the first handler registered for a type serves it, later ones wait as stand-ins. */
    private final Map<String, List<RecycleBinHandler>> handlers = new ConcurrentHashMap<>();

    @Activate
    public RecycleBinActions(@Reference JdbcRecycleBin bin, @Reference Transactions transactions) {
        this.bin = bin;
        this.transactions = transactions;
    }

    @Reference(name = "handlers", service = RecycleBinHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHandler")
    void addHandler(RecycleBinHandler handler, Map<String, Object> properties) {
        Object recordType = properties.get(RecycleBinHandler.RECORD_TYPE);
        if (!(recordType instanceof String type) || type.isBlank()) {
            LOG.warn("Recycle-bin handler {} has no {} property; it is not used", handler.getClass().getName(),
                    RecycleBinHandler.RECORD_TYPE);
            return;
        }
        handlers.compute(type, (key, present) -> {
            List<RecycleBinHandler> serving = present == null ? new ArrayList<>() : new ArrayList<>(present);
            if (!serving.isEmpty()) {
                LOG.warn("A second recycle-bin handler for {} ({}) is registered; {} keeps serving the type", type,
                        handler.getClass().getName(), serving.get(0).getClass().getName());
            }
            serving.add(handler);
            return List.copyOf(serving);
        });
    }

    void removeHandler(RecycleBinHandler handler, Map<String, Object> properties) {
        if (properties.get(RecycleBinHandler.RECORD_TYPE) instanceof String type) {
            handlers.computeIfPresent(type, (key, present) -> {
                List<RecycleBinHandler> rest = present.stream().filter(serving -> serving != handler).toList();
                return rest.isEmpty() ? null : rest;
            });
        }
    }

    Optional<RecycleBinHandler> handlerFor(String recordType) {
        List<RecycleBinHandler> serving = handlers.get(recordType);
        return serving == null ? Optional.empty() : Optional.of(serving.get(0));
    }

    /**
     * Brings the record back through its module and takes the entry out of the bin.
     *
     * @return the entry as it was in the bin
     * @throws ProblemException 404 without such an entry; 409 when the owning module is not running or could
     *                          not restore the record; whatever problem the module itself answered
     */
    public RecycleBinEntry restore(String id) {
        return transactions.required(() -> {
            RecycleBinEntry entry = bin.find(id).orElseThrow(() -> notFound(id));
            RecycleBinHandler handler = requireHandler(entry, "restore");
            take(entry);
            callHandler(entry, "restore", handler::restore);
            return entry;
        });
    }

    /**
     * Removes the record for good through its module, before its retention period ends, and the entry with it.
     *
     * @throws ProblemException as {@link #restore(String)}
     */
    public void purge(String id) {
        transactions.required(() -> {
            RecycleBinEntry entry = bin.find(id).orElseThrow(() -> notFound(id));
            RecycleBinHandler handler = requireHandler(entry, "purge");
            take(entry);
            callHandler(entry, "purge", handler::purge);
            return null;
        });
    }

    /**
     * Purges an expired entry for the retention job, in a transaction of its own. A handler failure is logged
     * and rolls the transaction back, so the entry stays for the next run.
     */
    PurgeOutcome purgeExpired(RecycleBinEntry entry) {
        Optional<RecycleBinHandler> handler = handlerFor(entry.recordType());
        if (handler.isEmpty()) {
            return PurgeOutcome.NO_HANDLER;
        }
        try {
            return transactions.required(() -> {
                if (!bin.remove(entry.id())) {
                    return PurgeOutcome.ALREADY_GONE;
                }
                handler.get().purge(entry.recordId());
                return PurgeOutcome.PURGED;
            });
        } catch (RuntimeException e) {
            LOG.error("The {} module failed to purge {} (id {}, recycle-bin entry {}); it stays in the bin until"
                    + " the next run", entry.module(), describe(entry), entry.recordId(), entry.id(), e);
            return PurgeOutcome.FAILED;
        }
    }

    private RecycleBinHandler requireHandler(RecycleBinEntry entry, String action) {
        return handlerFor(entry.recordType()).orElseThrow(() -> Problem.conflict("the " + entry.module()
                + " module, which owns " + entry.recordType() + " records, is not installed or not running;"
                + " " + action + " " + describe(entry) + " once it runs again").toException());
    }

    /** Checked after the lookup, so an entry taken by someone else in between is as absent as a wrong id. */
    private void take(RecycleBinEntry entry) {
        if (!bin.remove(entry.id())) {
            throw notFound(entry.id());
        }
    }

    /**
     * A problem the module answered is for the client (e.g. "that name is taken now"); anything else is a fault
     * in the module, logged for the administrator, while the client hears which module failed rather than an
     * internal error of the recycle bin.
     */
    private static void callHandler(RecycleBinEntry entry, String action, Consumer<String> handler) {
        try {
            handler.accept(entry.recordId());
        } catch (RuntimeException e) {
            Optional<ProblemException> answered = problemIn(e);
            if (answered.isPresent()) {
                throw answered.get();
            }
            LOG.error("The {} module failed to {} {} from the recycle bin (entry {})", entry.module(), action,
                    describe(entry), entry.id(), e);
            throw Problem.conflict("the " + entry.module() + " module could not " + action + " " + describe(entry)
                    + "; the entry stays in the recycle bin and the server log has the details").toException();
        }
    }

    /** Frameworks between the handler and here (a JPA template, a transaction) may wrap what it threw. */
    private static Optional<ProblemException> problemIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }

    private static String describe(RecycleBinEntry entry) {
        return entry.recordType() + " '" + entry.label() + "'";
    }

    private static ProblemException notFound(String id) {
        return Problem.notFound("no recycle-bin entry with id " + id).toException();
    }
}
