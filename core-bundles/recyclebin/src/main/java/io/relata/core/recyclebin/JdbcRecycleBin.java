package io.relata.core.recyclebin;

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
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.recyclebin.RecycleBin;
import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;

/**
 * The {@code core_recycle_bin} table. Writes go through the platform's XA-enlisting pool, so an entry is
 * part of the caller's transaction: the record's "deleted" mark and its bin entry commit or vanish together.
 */
@Component(service = {RecycleBin.class, JdbcRecycleBin.class})
public class JdbcRecycleBin implements RecycleBin {

    private static final String COLUMNS = "id, module, record_type, record_id, label, deleted_at, deleted_by";

    private final DataSource dataSource;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CurrentUser currentUser;

    @Activate
    public JdbcRecycleBin(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                          @Reference(target = RecycleBinSchema.READY) SchemaStatus schema) {
        this(dataSource, Clock.systemUTC());
    }

    JdbcRecycleBin(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public RecycleBinEntry add(String module, String recordType, String recordId, String label) {
        RecycleBinEntry entry = new RecycleBinEntry(UUID.randomUUID().toString(), require(module, "module"),
                require(recordType, "recordType"), require(recordId, "recordId"),
                truncate(label == null || label.isBlank() ? recordId : label, 500),
                // micros: what both databases keep, so the returned entry equals the stored one
                clock.instant().truncatedTo(ChronoUnit.MICROS), deletedBy());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO core_recycle_bin"
                     + " (id, module, record_type, record_id, label, deleted_at, deleted_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, entry.id());
            insert.setString(2, entry.module());
            insert.setString(3, entry.recordType());
            insert.setString(4, entry.recordId());
            insert.setString(5, entry.label());
            insert.setObject(6, entry.deletedAt().atOffset(ZoneOffset.UTC));
            insert.setString(7, entry.deletedBy());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new TransactionFailedException("could not put " + recordType + " " + recordId + " in the recycle bin", e);
        }
        return entry;
    }

    private String deletedBy() {
        CurrentUser user = currentUser;
        return user == null ? UserPrincipal.SYSTEM : user.get().map(UserPrincipal::username).orElse(UserPrincipal.SYSTEM);
    }

    /**
     * Newest first; the cursor is the last entry's deletion time and id.
     *
     * @param recordType only entries of this record type, or {@code null} for all
     */
    Page<RecycleBinEntry> list(String recordType, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (recordType != null) {
            conditions.add("record_type = ?");
            parameters.add(recordType);
        }
        if (page.cursor() != null) {
            OffsetDateTime after = cursorTime(page.cursor());
            conditions.add("(deleted_at < ? OR (deleted_at = ? AND id < ?))");
            parameters.addAll(List.of(after, after, page.cursor().key(1)));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<RecycleBinEntry> entries = query("SELECT " + COLUMNS + " FROM core_recycle_bin" + where
                + " ORDER BY deleted_at DESC, id DESC", page.limit() + 1, parameters.toArray());
        if (entries.size() <= page.limit()) {
            return Page.last(entries);
        }
        RecycleBinEntry last = entries.get(page.limit() - 1);
        return new Page<>(entries.subList(0, page.limit()),
                Cursor.of(last.deletedAt().toString(), last.id()).encode());
    }

    Optional<RecycleBinEntry> find(String id) {
        return query("SELECT " + COLUMNS + " FROM core_recycle_bin WHERE id = ?", 1, id).stream().findFirst();
    }

    /**
     * Entries deleted before the cutoff, oldest first, in pages: {@code after} is the last entry of the previous
     * page, or {@code null} for the first.
     */
    List<RecycleBinEntry> deletedBefore(Instant cutoff, RecycleBinEntry after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM core_recycle_bin WHERE deleted_at < ?"
                + (after == null ? "" : " AND (deleted_at > ? OR (deleted_at = ? AND id > ?))")
                + " ORDER BY deleted_at, id";
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        Object[] parameters = after == null ? new Object[] {before}
                : new Object[] {before, after.deletedAt().atOffset(ZoneOffset.UTC),
                        after.deletedAt().atOffset(ZoneOffset.UTC), after.id()};
        return query(sql, limit, parameters);
    }

    /**
     * Takes the entry out of the bin, in the caller's transaction. The row stays locked until that transaction
     * ends, so of two nodes restoring or purging the same entry at once only one deletes it.
     *
     * @return whether this call deleted it; {@code false} when it was gone already
     */
    boolean remove(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM core_recycle_bin WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TransactionFailedException("could not remove recycle-bin entry " + id, e);
        }
    }

    private List<RecycleBinEntry> query(String sql, int maxRows, Object... parameters) {
        List<RecycleBinEntry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setMaxRows(maxRows);
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new RecycleBinEntry(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getObject(6, OffsetDateTime.class).toInstant(),
                            rows.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not read the recycle bin", e);
        }
        return entries;
    }

    private static OffsetDateTime cursorTime(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException("two keys expected");
            }
            return Instant.parse(cursor.key(0)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw Problem.validation("cursor", "is not a cursor of this list").toException();
        }
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
