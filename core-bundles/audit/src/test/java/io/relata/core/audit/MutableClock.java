package io.relata.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until the test moves it, so entries can share a time stamp or follow each other. */
final class MutableClock extends Clock {

    // finer than a database keeps, to see the trail cut it to microseconds
    private Instant now = Instant.parse("2025-03-01T08:00:00.123456789Z");

    Instant now() {
        return now;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the tests only need UTC");
    }
}
