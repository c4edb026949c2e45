package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00.123456789Z"));

        assertThat(clock.instant()).isEqualTo(clock.now()).isEqualTo("2025-03-01T08:00:00.123456789Z");
        clock.advance(Duration.ofDays(1));
        assertThat(clock.instant()).isEqualTo("2025-03-02T08:00:00.123456789Z");
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void startsNowInWholeSeconds() {
        Instant before = Instant.now().minusSeconds(1);

        Instant start = new MutableClock().instant();

        assertThat(start.getNano()).isZero();
        assertThat(start).isAfter(before).isBeforeOrEqualTo(Instant.now());
    }
}
