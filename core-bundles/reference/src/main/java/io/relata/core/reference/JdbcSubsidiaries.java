package io.relata.core.reference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.reference.Subsidiaries;
import io.relata.api.reference.Subsidiary;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** The {@code core_subsidiary} table: the organisation's subsidiaries as a tree. */
@Component(service = {Subsidiaries.class, JdbcSubsidiaries.class})
public class JdbcSubsidiaries implements Subsidiaries {

    static final int MAX_NAME_LENGTH = 200;
    static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");

    private static final String COLUMNS = "id, name, parent_id, base_currency, time_zone, version";

    private final Jdbc jdbc;
    private final Transactions transactions;
    private final JdbcCurrencies currencies;
    private final Clock clock;

    @Activate
    public JdbcSubsidiaries(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                            @Reference(target = ReferenceSchema.READY) SchemaStatus schema,
                            @Reference Transactions transactions, @Reference JdbcCurrencies currencies) {
        this(dataSource, transactions, currencies, Clock.systemUTC());
    }

    JdbcSubsidiaries(DataSource dataSource, Transactions transactions, JdbcCurrencies currencies, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.transactions = transactions;
        this.currencies = currencies;
        this.clock = clock;
    }

    /**
     * What an administrator gives for a subsidiary, as typed.
     *
     * @param parentId     {@code null} or blank for a top-level subsidiary
     * @param baseCurrency an active ISO 4217 code; when creating, {@code null} takes the parent's, or for a
     *                     top-level subsidiary the organisation's
     * @param timeZone     a time zone id such as {@code Asia/Shanghai}; when creating, {@code null} takes the
     *                     parent's, or for a top-level subsidiary UTC
     */
    record SubsidiaryFields(String name, String parentId, String baseCurrency, String timeZone) {
    }

    @Override
    public Optional<Subsidiary> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return jdbc.first("SELECT " + COLUMNS + " FROM core_subsidiary WHERE id = ?", JdbcSubsidiaries::read, id);
    }

    @Override
    public List<Subsidiary> list() {
        return jdbc.list("SELECT " + COLUMNS + " FROM core_subsidiary ORDER BY name, id", JdbcSubsidiaries::read);
    }

    /** @throws ProblemException 400 naming the field that is not valid; 409 when the name is taken */
    Subsidiary create(SubsidiaryFields fields) {
        return transactions.required(() -> {
            Optional<Subsidiary> parent = parent(fields.parentId());
            SubsidiaryFields completed = new SubsidiaryFields(fields.name(), fields.parentId(),
                    fields.baseCurrency() != null ? fields.baseCurrency()
                            : parent.map(Subsidiary::baseCurrency).orElseGet(currencies::baseCurrency)
                            .getCurrencyCode(),
                    fields.timeZone() != null ? fields.timeZone()
                            : parent.map(Subsidiary::timeZone).orElse(DEFAULT_TIME_ZONE).getId());
            Subsidiary valid = validate(UUID.randomUUID().toString(), completed, 0);
            requireUniqueName(valid.name(), valid.id());
            jdbc.update("INSERT INTO core_subsidiary (id, name, parent_id, base_currency, time_zone, created_at,"
                            + " updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", valid.id(), valid.name(),
                    valid.parentId(), valid.baseCurrency().getCurrencyCode(), valid.timeZone().getId(),
                    clock.instant(), clock.instant(), valid.version());
            return valid;
        });
    }

    /**
     * Replaces every field of a subsidiary that is still at {@code version}.
     *
     * @throws ProblemException 404 when there is no such subsidiary; 400 naming the field that is not valid, among
     *                          them a parent that would make the subsidiary its own ancestor; 409 when the name is
     *                          taken; 412 when it changed since {@code version}
     */
    Subsidiary update(String id, long version, SubsidiaryFields fields) {
        return transactions.required(() -> {
            Subsidiary current = find(id).orElseThrow(() -> notFound(id));
            Subsidiary valid = validate(id, fields, version + 1);
            if (!valid.name().equalsIgnoreCase(current.name())) {
                requireUniqueName(valid.name(), id);
            }
            if (valid.parentId() != null && !valid.parentId().equals(current.parentId())) {
                requireNoCycle(id, valid.parentId());
            }
            int updated = jdbc.update("UPDATE core_subsidiary SET name = ?, parent_id = ?, base_currency = ?,"
                            + " time_zone = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                    valid.name(), valid.parentId(), valid.baseCurrency().getCurrencyCode(), valid.timeZone().getId(),
                    clock.instant(), id, version);
            if (updated == 0) {
                throw Problem.preconditionFailed("the subsidiary changed since you read it").toException();
            }
            return find(id).orElseThrow();
        });
    }

    /** @throws ProblemException 404 when there is no such subsidiary; 409 when others are below it */
    void delete(String id) {
        transactions.required(() -> {
            Subsidiary subsidiary = find(id).orElseThrow(() -> notFound(id));
            List<String> children = jdbc.list("SELECT name FROM core_subsidiary WHERE parent_id = ? ORDER BY name",
                    row -> row.getString(1), id);
            if (!children.isEmpty()) {
                throw Problem.conflict(subsidiary.name() + " has subsidiaries below it (" + String.join(", ", children)
                        + "); move or delete them first").toException();
            }
            jdbc.update("DELETE FROM core_subsidiary WHERE id = ?", id);
            return null;
        });
    }

    static ProblemException notFound(String id) {
        return Problem.notFound("no subsidiary with id " + id).toException();
    }

    private Subsidiary validate(String id, SubsidiaryFields fields, long version) {
        List<FieldError> errors = new ArrayList<>();
        String name = fields.name() == null ? "" : fields.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "1 to " + MAX_NAME_LENGTH + " characters"));
        }
        String parentId = fields.parentId() == null || fields.parentId().isBlank() ? null : fields.parentId().strip();
        if (parentId != null && parentId.equals(id)) {
            errors.add(new FieldError("parentId", "a subsidiary cannot be its own parent"));
        } else if (parentId != null && find(parentId).isEmpty()) {
            errors.add(new FieldError("parentId", "no subsidiary with id " + parentId));
        }
        Currency currency = null;
        try {
            currency = currencies.requireActive(fields.baseCurrency(), "baseCurrency");
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
        }
        ZoneId zone = zone(fields.timeZone(), errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new Subsidiary(id, name, parentId, currency, zone, version);
    }

    private static ZoneId zone(String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError("timeZone", "is required"));
            return null;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            errors.add(new FieldError("timeZone", "is not a time zone id such as Asia/Shanghai"));
            return null;
        }
    }

    private Optional<Subsidiary> parent(String parentId) {
        return parentId == null || parentId.isBlank() ? Optional.empty() : find(parentId.strip());
    }

    private void requireUniqueName(String name, String exceptId) {
        if (jdbc.count("SELECT COUNT(*) FROM core_subsidiary WHERE LOWER(name) = ? AND id <> ?",
                name.toLowerCase(Locale.ROOT), exceptId) > 0) {
            throw Problem.conflict("a subsidiary named " + name + " exists").toException();
        }
    }

    /**
     * Walks up from the new parent; meeting the subsidiary itself means it would end up below itself. The rows are
     * locked first, so two administrators re-parenting at the same moment cannot each close half of a cycle.
     */
    private void requireNoCycle(String id, String newParentId) {
        jdbc.list("SELECT id FROM core_subsidiary FOR UPDATE", row -> row.getString(1));
        Set<String> visited = new HashSet<>();
        String ancestor = newParentId;
        while (ancestor != null && visited.add(ancestor)) {
            if (ancestor.equals(id)) {
                throw Problem.validation("parentId", "would place the subsidiary below itself").toException();
            }
            ancestor = jdbc.first("SELECT parent_id FROM core_subsidiary WHERE id = ?", row -> row.getString(1),
                    ancestor).orElse(null);
        }
    }

    private static Subsidiary read(ResultSet row) throws SQLException {
        return new Subsidiary(row.getString("id"), row.getString("name"), row.getString("parent_id"),
                Currency.getInstance(row.getString("base_currency")), ZoneId.of(row.getString("time_zone")),
                row.getLong("version"));
    }
}
