package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.testing.MutableClock;

/** The security audit trail: what is recorded and how administrators page through it. */
class SecurityAuditTest {

    private final MutableClock clock = new MutableClock();

    @OnEveryDatabase
    void eventsAreListedNewestFirstAndFiltered(SecurityFixture fixture) {
        SecurityAudit audit = new SecurityAudit(fixture.dataSource, clock);
        audit.record(SecurityAudit.Type.LOGIN, true, "ada", "u-ada", "10.0.0.1", null);
        clock.advance(Duration.ofSeconds(1));
        audit.record(SecurityAudit.Type.LOGIN, false, "bob", null, "10.0.0.2", "wrong password");
        clock.advance(Duration.ofSeconds(1));
        audit.record(SecurityAudit.Type.LOGOUT, true, "ada", "u-ada", "10.0.0.1", null);

        assertThat(audit.list(null, null, new PageRequest(10, null)).items())
                .extracting(SecurityAudit.Event::type, SecurityAudit.Event::username).containsExactly(
                        tuple(SecurityAudit.Type.LOGOUT, "ada"),
                        tuple(SecurityAudit.Type.LOGIN, "bob"),
                        tuple(SecurityAudit.Type.LOGIN, "ada"));
        assertThat(audit.list("LOGIN", null, new PageRequest(10, null)).items()).hasSize(2);
        assertThat(audit.list(null, " ADA ", new PageRequest(10, null)).items()).hasSize(2);
        assertThat(audit.list("LOGIN", "bob", new PageRequest(10, null)).items()).singleElement()
                .satisfies(event -> {
                    assertThat(event.outcome()).isEqualTo("FAILURE");
                    assertThat(event.source()).isEqualTo("10.0.0.2");
                    assertThat(event.detail()).isEqualTo("wrong password");
                    assertThat(event.occurredAt()).isEqualTo(clock.now().minusSeconds(1));
                });
        // a time range: from is inclusive, to exclusive
        java.time.Instant bobsLogin = clock.now().minusSeconds(1);
        assertThat(audit.list(null, null, bobsLogin, null, new PageRequest(10, null)).items())
                .extracting(SecurityAudit.Event::username).containsExactly("ada", "bob");
        assertThat(audit.list(null, null, null, bobsLogin, new PageRequest(10, null)).items())
                .extracting(SecurityAudit.Event::type).containsExactly(SecurityAudit.Type.LOGIN);
        assertThat(audit.list("LOGIN", null, bobsLogin, clock.now(), new PageRequest(10, null)).items())
                .extracting(SecurityAudit.Event::username).containsExactly("bob");
    }

    @OnEveryDatabase
    void pagesFollowEachOtherWithoutGapsOrRepeats(SecurityFixture fixture) {
        SecurityAudit audit = new SecurityAudit(fixture.dataSource, clock);
        for (int i = 0; i < 7; i++) {
            // some events share a time stamp, so the cursor has to tell them apart by id
            if (i % 2 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            audit.record(SecurityAudit.Type.LOGIN, true, "ada", null, null, "event " + i);
        }

        List<String> seen = new ArrayList<>();
        Cursor cursor = null;
        int pages = 0;
        do {
            Page<SecurityAudit.Event> page = audit.list(null, null, new PageRequest(3, cursor));
            page.items().forEach(event -> seen.add(event.detail()));
            cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().hasSize(7);
    }

    @OnEveryDatabase
    void anUnknownTypeIsAValidationError(SecurityFixture fixture) {
        SecurityAudit audit = new SecurityAudit(fixture.dataSource, clock);

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> audit.list("HACKED", null, new PageRequest(10, null)));

        assertThat(refused.problem().status()).isEqualTo(400);
        assertThat(refused.problem().errors()).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("type"));
    }

    @OnEveryDatabase
    void overlongValuesAreClippedRatherThanLost(SecurityFixture fixture) {
        SecurityAudit audit = new SecurityAudit(fixture.dataSource, clock);

        audit.record(SecurityAudit.Type.LOGIN, false, "x".repeat(300), null, "s".repeat(300), "d".repeat(5000));

        assertThat(audit.list(null, null, new PageRequest(10, null)).items()).singleElement().satisfies(event -> {
            assertThat(event.username()).hasSize(64);
            assertThat(event.source()).hasSize(100);
            assertThat(event.detail()).hasSize(1000).endsWith("…");
        });
    }
}
