package io.relata.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.FieldChange;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.ProblemException;
import io.relata.testing.MutableClock;

/** {@code GET /audit}: the query parameters, on top of what {@link JdbcAuditTrailTest} covers. */
class AuditResourceTest {

    private final MutableClock clock = new MutableClock(AuditFixture.START);

    /** The parameters are checked before the trail is asked, so these tests need no database. */
    private final AuditResource withoutDatabase = new AuditResource(new JdbcAuditTrail(null, clock, null));

    @Test
    void theRecordIsRequired() {
        assertThat(badRequest(() -> withoutDatabase.history(null, " ", null, null)))
                .extracting(FieldError::field).containsExactly("recordType", "recordId");
        assertThat(badRequest(() -> withoutDatabase.history("customer", null, null, null)))
                .containsExactly(new FieldError("recordId", "is required"));
        assertThat(badRequest(() -> withoutDatabase.history("", "c-1", null, null)))
                .containsExactly(new FieldError("recordType", "is required"));
    }

    @Test
    void aCursorOrLimitTheServerDidNotHandOutIsABadRequest() {
        assertThat(badRequest(() -> withoutDatabase.history("customer", "c-1", null, "not-a-cursor")))
                .extracting(FieldError::field).containsExactly("cursor");
        assertThat(badRequest(() -> withoutDatabase.history("customer", "c-1", "lots", null)))
                .extracting(FieldError::field).containsExactly("limit");
        assertThat(badRequest(() -> withoutDatabase.history("customer", "c-1", "0", null)))
                .extracting(FieldError::field).containsExactly("limit");
    }

    @OnEveryDatabase
    void pagesThroughARecordsHistory(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, SignedIn.as("u-ada", "ada"), "customer", recordId -> true);
        AuditResource resource = new AuditResource(trail);
        trail.record("customer", "c-1", AuditAction.CREATED, List.of(new FieldChange("name", null, "Acme")), null);
        trail.record("customer", "c-1", AuditAction.UPDATED, List.of(new FieldChange("name", "Acme", "ACME")), null);

        Page<AuditEntry> first = resource.history("customer", "c-1", "1", null);
        Page<AuditEntry> second = resource.history("customer", "c-1", "1", first.nextCursor());

        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.nextCursor()).isNull();
        assertThat(List.of(first.items().get(0), second.items().get(0)))
                .extracting(AuditEntry::actorName).containsOnly("ada");
        assertThat(first.items().get(0).id()).isNotEqualTo(second.items().get(0).id());
    }

    private static List<FieldError> badRequest(Runnable request) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, request::run);
        assertThat(refused).isNotNull();
        assertThat(refused.problem().status()).isEqualTo(400);
        return refused.problem().errors();
    }
}
