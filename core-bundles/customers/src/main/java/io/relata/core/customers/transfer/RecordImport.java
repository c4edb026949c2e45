package io.relata.core.customers.transfer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;

import io.relata.api.customfield.CustomFields;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.core.customers.customer.DuplicateMatches;

/**
 * How rows become records of one type. {@link #prepare} builds and checks a row's fields before any transaction,
 * so that a bad row never reaches the database; the writes then run in the batch's transaction through the
 * record's store, with its rules, audit entries and events, as a create by hand would.
 *
 * <p>One instance serves one run of an import, on one thread: it remembers the names it looked up.
 *
 * @param <F> the record's writable fields, e.g. {@link io.relata.core.customers.customer.CustomerFields}
 */
abstract class RecordImport<F> {

    /** Services every record type's import uses. */
    record Services(CustomFields customFields, Users users, AccessControl access, CurrentUser currentUser) {
    }

    final RecordKind kind;
    final Services services;
    private final Lookups<Optional<UserSummary>> owners;

    RecordImport(RecordKind kind, Services services) {
        this.kind = kind;
        this.services = services;
        this.owners = new Lookups<>(name -> services.users().byUsername(name).or(() -> services.users().byId(name)));
    }

    /** The standard fields a column can be mapped to, besides the custom fields ({@code cf.<key>}). */
    abstract List<String> fields();

    /** How files may head the columns of some fields, besides the field's own name: English and Chinese words. */
    abstract Map<String, List<String>> headerWords();

    /** @return what is missing when the mapped fields cannot make a record, e.g. "map a column to name" */
    abstract Optional<String> missing(Set<String> mappedFields);

    /** Builds the row's fields, noting what cannot be read; custom fields are added by {@link #prepare}. */
    abstract F build(RowValues values);

    /** The fields as the store validates them: trimmed, normalised, with defaults. */
    abstract F validated(F fields);

    abstract F withCustomFields(F fields, Map<String, Object> values);

    /** Joins the batch's transaction, so rows see the records rows before them created. */
    abstract DuplicateMatches duplicatesOf(F fields);

    /**
     * The values a row is found by as a duplicate, each prefixed with what it is ({@code "email:a@b.cn"}), for
     * {@link #storedKeys}; empty when this record type has no such values.
     */
    Set<String> duplicateKeys(F fields) {
        return Set.of();
    }

    /**
     * Which of these keys a stored record has, in one query for a whole batch, so that only the rows that may be
     * duplicates are asked about one by one ({@link #duplicatesOf}, which keeps the final say).
     *
     * @return {@code null} when this record type cannot tell: every row is then asked about
     */
    Set<String> storedKeys(EntityManager em, Set<String> keys) {
        return null;
    }

    /**
     * Whether two batches of rows may be written at the same time, each in its own transaction, when no row of one
     * shares a duplicate key with a row of the other. Only where the store keeps nothing else between rows of a
     * file: a contact's primary mark or a lead rule's turns depend on the rows written before them.
     */
    boolean batchesMayRunTogether() {
        return false;
    }

    abstract void create(F fields);

    /**
     * Creates rows known to duplicate nothing stored nor each other, in the batch's transaction. Record types whose
     * store can write many at once override this; the others create them one by one.
     */
    void createAll(List<F> rows) {
        rows.forEach(this::create);
    }

    /** Applies the row's non-empty columns ({@code given}) to the record. */
    abstract void update(String id, F row, Set<String> given);

    /**
     * @return the row's fields, validated as a new record's, custom fields included
     * @throws RowRejected naming every bad field
     */
    final F prepare(ImportRow row) {
        RowValues values = new RowValues(row);
        F built = build(values);
        Map<String, Object> custom = Map.of();
        try {
            custom = services.customFields().validate(kind.recordType, row.customFields(), null);
        } catch (ProblemException e) {
            values.reject(e);
        }
        F valid = null;
        try {
            valid = validated(built);
        } catch (ProblemException e) {
            values.reject(e);
        }
        values.check();
        return withCustomFields(valid, custom);
    }

    /**
     * @param assign the permission giving records to someone else needs, e.g. {@code customers:assign}
     * @return the id of the active user the column names by username or id, or {@code null} when it is empty
     */
    final String owner(RowValues values, String field, String assign) {
        String name = values.text(field);
        if (name == null) {
            return null;
        }
        Optional<UserSummary> user = owners.get(name);
        if (user.isEmpty() || !user.get().active()) {
            values.reject(field, "is not an active user's username or id");
            return null;
        }
        String me = services.currentUser().require().id();
        if (!user.get().id().equals(me) && !services.access().permits(assign)) {
            values.reject(field, "giving " + kind.plural + " to someone else needs the permission " + assign);
            return null;
        }
        return user.get().id();
    }

    /** For updates: the row's value where it has one, the record's otherwise. */
    static <T> T pick(Set<String> given, String field, T row, T current) {
        return given.contains(field) ? row : current;
    }
}
