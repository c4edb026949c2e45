package io.relata.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A UTC clock that stands still until the test moves it: for expiry and retention rules that would otherwise need
 * real waiting, and for entries that must share a time stamp or follow each other. The code under test may read
 * it from threads of its own.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** Starts now, in whole seconds, so nothing depends on how finely a database keeps timestamps. */
    public MutableClock() {
        this(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Starts at the given instant. */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** @return the time the clock shows */
    public Instant now() {
        return now;
    }

    /** Moves the clock on; it stays there until moved again. */
    public void advance(Duration duration) {
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
