package io.relata.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.NewAuditEntry;
import io.relata.api.audit.RecordVisibility;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;

/**
 * The {@code core_audit_entry} table, an entry's field changes in its {@code changes} column (see
 * {@link StoredChanges}). Writes go through the platform's XA-enlisting pool, so an entry is part of the caller's
 * transaction: a change and its audit entry commit or vanish together. Reads show a record's history only to those
 * its module's {@link RecordVisibility} lets see the record.
 */
@Component(service = {AuditTrail.class, JdbcAuditTrail.class})
public class JdbcAuditTrail implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditTrail.class);

    private static final Pattern ACTION = Pattern.compile("[A-Z_]{1,40}");

    // the column widths of core-audit-changelog.xml; a change's field and values keep the widths of the columns
    // they had before they moved into the entry's JSON
    private static final int RECORD_TYPE_LENGTH = 100;
    private static final int RECORD_ID_LENGTH = 64;
    private static final int ACTOR_NAME_LENGTH = 64;
    private static final int REASON_LENGTH = 500;
    private static final int FIELD_LENGTH = 200;
    private static final int VALUE_LENGTH = 4000;

    private final DataSource dataSource;
    private final Clock clock;

    /** By record type; normally one each, see {@link #isVisible}. */
    private final Map<String, List<RecordVisibility>> visibilities = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CurrentUser currentUser;

    @Activate
    public JdbcAuditTrail(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                          @Reference(target = AuditSchema.READY) SchemaStatus schema) {
        this(dataSource, Clock.systemUTC(), null);
    }

    /** For tests, which choose the time and who is signed in ({@code null}: nobody, as without security). */
    JdbcAuditTrail(DataSource dataSource, Clock clock, CurrentUser currentUser) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.currentUser = currentUser;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addVisibility(RecordVisibility visibility, Map<String, Object> properties) {
        String recordType = recordTypeOf(properties);
        if (recordType == null) {
            LOG.warn("A RecordVisibility service without a {} property is ignored", RecordVisibility.RECORD_TYPE);
            return;
        }
        List<RecordVisibility> answering = visibilities.merge(recordType, List.of(visibility), JdbcAuditTrail::plus);
        if (answering.size() > 1) {
            LOG.warn("{} RecordVisibility services answer for record type {}; a history is shown only if all agree",
                    answering.size(), recordType);
        }
    }

    void removeVisibility(RecordVisibility visibility, Map<String, Object> properties) {
        String recordType = recordTypeOf(properties);
        if (recordType != null) {
            visibilities.computeIfPresent(recordType, (type, answering) -> minus(answering, visibility));
        }
    }

    @Override
    public void record(String recordType, String recordId, String action, List<FieldChange> changes, String reason) {
        recordAll(List.of(new NewAuditEntry(recordType, recordId, action, changes, reason)));
    }

    /**
     * One statement for all the entries, a JDBC batch (the drivers send a batch in one go), instead of one per
     * entry: an import writes hundreds of entries in a transaction. Every entry is checked before any is written.
     */
    @Override
    public void recordAll(List<NewAuditEntry> entries) {
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        List<List<FieldChange>> changesOfEach = new ArrayList<>(entries.size());
        for (NewAuditEntry entry : entries) {
            changesOfEach.add(checked(entry));
        }
        if (entries.isEmpty()) {
            return;
        }
        UserPrincipal actor = actor().orElse(null);
        String actorId = actor == null ? UserPrincipal.SYSTEM : actor.id();
        String actorName = actor == null ? UserPrincipal.SYSTEM : truncate(actor.username(), ACTOR_NAME_LENGTH);
        // PostgreSQL keeps microseconds: what is read back has to equal what the cursor was made of
        OffsetDateTime occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO core_audit_entry"
                     + " (id, record_type, record_id, action, actor_id, actor_name, occurred_at, reason, changes)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < entries.size(); i++) {
                NewAuditEntry entry = entries.get(i);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, entry.recordType());
                insert.setString(3, entry.recordId());
                insert.setString(4, entry.action());
                insert.setString(5, actorId);
                insert.setString(6, actorName);
                insert.setObject(7, occurredAt);
                insert.setString(8, truncate(entry.reason(), REASON_LENGTH));
                insert.setString(9, StoredChanges.write(changesOfEach.get(i), VALUE_LENGTH));
                insert.addBatch();
            }
            for (int count : insert.executeBatch()) {
                if (count == PreparedStatement.EXECUTE_FAILED) {
                    // a batch the driver cut short fails whole: the caller's transaction then rolls back every entry
                    throw new SQLException("an audit entry of the batch could not be written");
                }
            }
        } catch (SQLException e) {
            NewAuditEntry first = entries.get(0);
            throw new TransactionFailedException("could not record " + first.action() + " of " + first.recordType()
                    + " " + first.recordId() + (entries.size() == 1 ? "" : " and " + (entries.size() - 1)
                    + " more entries") + " in the audit trail", e);
        }
    }

    /** @return the entry's changes, never {@code null} */
    private static List<FieldChange> checked(NewAuditEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entries must not hold null");
        }
        requireText(entry.recordType(), "recordType", RECORD_TYPE_LENGTH);
        requireText(entry.recordId(), "recordId", RECORD_ID_LENGTH);
        String action = entry.action();
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action must be 1 to 40 upper-case letters or underscores: " + action);
        }
        List<FieldChange> fields = entry.changes() == null ? List.of() : entry.changes();
        for (FieldChange change : fields) {
            if (change == null) {
                throw new IllegalArgumentException("changes must not hold null");
            }
            requireText(change.field(), "field", FIELD_LENGTH);
        }
        return fields;
    }

    /** Newest first; the cursor is the last entry's time and id. */
    @Override
    public Page<AuditEntry> history(String recordType, String recordId, PageRequest page) {
        if (!isVisible(recordType, recordId)) {
            // the same answer whether the record is missing or out of scope, so neither can be told from the other
            throw Problem.notFound("There is no " + recordType + " " + recordId + " that you may see.").toException();
        }
        OffsetDateTime afterTime = page.cursor() == null ? null : cursorTime(page.cursor());
        StringBuilder sql = new StringBuilder("SELECT id, action, actor_id, actor_name, occurred_at, reason,"
                + " changes FROM core_audit_entry WHERE record_type = ? AND record_id = ?");
        if (afterTime != null) {
            sql.append(" AND (occurred_at < ? OR (occurred_at = ? AND id < ?))");
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC");
        List<AuditEntry> entries = new ArrayList<>();
        boolean more = false;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                query.setMaxRows(page.limit() + 1);
                query.setString(1, recordType);
                query.setString(2, recordId);
                if (afterTime != null) {
                    query.setObject(3, afterTime);
                    query.setObject(4, afterTime);
                    query.setString(5, page.cursor().key(1));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (entries.size() == page.limit()) {
                            // the row past the page only tells that there is a next page: its changes stay unread
                            more = true;
                            break;
                        }
                        entries.add(new AuditEntry(rows.getString(1), recordType, recordId, rows.getString(2),
                                rows.getString(3), rows.getString(4),
                                rows.getObject(5, OffsetDateTime.class).toInstant(),
                                StoredChanges.read(rows.getString(7)), rows.getString(6)));
                    }
                }
            }
            if (!more) {
                return Page.last(entries);
            }
            AuditEntry last = entries.get(entries.size() - 1);
            return new Page<>(entries, Cursor.of(last.occurredAt().toString(), last.id()).encode());
        } catch (SQLException e) {
            throw new TransactionFailedException("could not read the audit trail of " + recordType + " " + recordId, e);
        }
    }

    /**
     * Asks the module that owns the record type. Should two bundles answer for one type, the record must be visible
     * to both: the audit trail never shows more than either module would.
     */
    private boolean isVisible(String recordType, String recordId) {
        List<RecordVisibility> answering = recordType == null ? null : visibilities.get(recordType);
        if (answering == null || answering.isEmpty()) {
            return false;
        }
        for (RecordVisibility visibility : answering) {
            try {
                if (!visibility.isVisible(recordId)) {
                    return false;
                }
            } catch (RuntimeException e) {
                // a module's failure to answer must not turn into a 500 nor show the history: treat it as "no"
                LOG.warn("The visibility of {} {} could not be checked, so its history is not shown", recordType,
                        recordId, e);
                return false;
            }
        }
        return true;
    }

    private Optional<UserPrincipal> actor() {
        CurrentUser user = currentUser;
        return user == null ? Optional.empty() : user.get();
    }

    private static OffsetDateTime cursorTime(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException("two keys expected");
            }
            return Instant.parse(cursor.key(0)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    private static ProblemException invalidCursor() {
        return Problem.validation("cursor", "is not a cursor of this history").toException();
    }

    private static String recordTypeOf(Map<String, Object> properties) {
        return properties.get(RecordVisibility.RECORD_TYPE) instanceof String type && !type.isBlank() ? type : null;
    }

    private static List<RecordVisibility> plus(List<RecordVisibility> answering, List<RecordVisibility> more) {
        List<RecordVisibility> all = new ArrayList<>(answering);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** @return the rest, or {@code null} to drop the record type once nobody answers for it */
    private static List<RecordVisibility> minus(List<RecordVisibility> answering, RecordVisibility gone) {
        List<RecordVisibility> rest = answering.stream().filter(visibility -> visibility != gone).toList();
        return rest.isEmpty() ? null : rest;
    }

    private static void requireText(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters long");
        }
    }

    /** Cuts text that would not fit its column, marking the cut with "…", without splitting a surrogate pair. */
    static String truncate(String value, int maxLength) {
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        int end = maxLength - 1;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }
}
