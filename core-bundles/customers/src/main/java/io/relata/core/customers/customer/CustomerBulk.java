package io.relata.core.customers.customer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/**
 * One action on many customers: each id goes through exactly the store method its single-record endpoint uses
 * (same permissions, data scope, audit and events), in its own transaction, so one refused customer does not undo
 * the others. A customer outside the caller's scope is "not found", as it is one by one.
 */
public final class CustomerBulk {

    public static final int MAX_IDS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(CustomerBulk.class);

    private final CustomerStore store;

    public CustomerBulk(CustomerStore store) {
        this.store = store;
    }

    /** What to do to which customers. */
    public enum Action { ASSIGN, TAG, UNTAG, RELEASE }

    /**
     * @param action  assign, tag, untag or release
     * @param ids     the customers, at most {@value #MAX_IDS}; repeated ids count once
     * @param ownerId the new owner, for assign
     * @param tag     the tag, for tag and untag
     * @param reason  why: required for release, optional for assign
     */
    public record Request(String action, List<String> ids, String ownerId, String tag, String reason) {
    }

    /** The outcome for one id: {@code ok}, or {@code error} with the problem the single endpoint would answer. */
    public record Outcome(String id, String status, Problem problem) {

        static Outcome ok(String id) {
            return new Outcome(id, "ok", null);
        }

        static Outcome error(String id, Problem problem) {
            return new Outcome(id, "error", problem);
        }
    }

    /** Every id's outcome, in the order of the request, and how many of each. */
    public record Result(List<Outcome> items, int done, int failed) {
    }

    /** @throws ProblemException 400 when the request itself is malformed; nothing is changed then */
    public Result apply(Request request) {
        List<FieldError> errors = new ArrayList<>();
        Action action = request == null ? null : action(request.action(), errors);
        Set<String> ids = new LinkedHashSet<>();
        if (request == null || request.ids() == null || request.ids().isEmpty()) {
            errors.add(new FieldError("ids", "is required"));
        } else {
            for (String id : request.ids()) {
                if (id == null || id.isBlank()) {
                    errors.add(new FieldError("ids", "must not contain empty ids"));
                    break;
                }
                ids.add(id.strip());
            }
            if (ids.size() > MAX_IDS) {
                errors.add(new FieldError("ids", "at most " + MAX_IDS + " customers at a time"));
            }
        }
        if (action == Action.ASSIGN && blank(request.ownerId())) {
            errors.add(new FieldError("ownerId", "is required"));
        }
        if ((action == Action.TAG || action == Action.UNTAG) && blank(request.tag())) {
            errors.add(new FieldError("tag", "is required"));
        }
        if (action == Action.RELEASE && blank(request.reason())) {
            errors.add(new FieldError("reason", "is required"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        List<Outcome> outcomes = new ArrayList<>(ids.size());
        int done = 0;
        for (String id : ids) {
            Outcome outcome = one(action, id, request);
            outcomes.add(outcome);
            if (outcome.problem() == null) {
                done++;
            }
        }
        return new Result(outcomes, done, outcomes.size() - done);
    }

    private Outcome one(Action action, String id, Request request) {
        try {
            switch (action) {
                case ASSIGN -> store.assign(id, request.ownerId().strip(), request.reason());
                case RELEASE -> store.release(id, request.reason());
                case TAG -> store.change(id, "*", current -> retagged(current, request.tag(), true), false);
                case UNTAG -> store.change(id, "*", current -> retagged(current, request.tag(), false), false);
                default -> throw new IllegalStateException(action.name());
            }
            return Outcome.ok(id);
        } catch (ProblemException e) {
            return Outcome.error(id, e.problem());
        } catch (RuntimeException e) {
            LOG.error("Bulk {} of customer {} failed", action, id, e);
            return Outcome.error(id, Problem.of(500, "internal", "Internal error",
                    "the customer could not be changed; the server log has the details"));
        }
    }

    /** The fields with the tag added or removed; tags compare as the store normalises them. */
    static CustomerFields retagged(CustomerFields current, String tag, boolean add) {
        String wanted = Normalise.name(tag);
        Set<String> tags = new TreeSet<>();
        for (String existing : current.tags() == null ? List.<String>of() : current.tags()) {
            if (!Normalise.name(existing).equals(wanted)) {
                tags.add(existing);
            }
        }
        if (add) {
            tags.add(tag.strip());
        }
        return new CustomerFields(current.kind(), current.name(), current.legalName(), current.industry(),
                current.website(), current.phone(), current.email(), current.address(), current.stage(),
                List.copyOf(tags), current.ownerId(), current.parentId(), current.subsidiaryId(), current.currency(),
                current.customFields());
    }

    private static Action action(String value, List<FieldError> errors) {
        if (blank(value)) {
            errors.add(new FieldError("action", "is required"));
            return null;
        }
        try {
            return Action.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("action", "must be one of assign, tag, untag, release"));
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
