package io.relata.core.recyclebin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock the test moves by hand, so that entries can age by weeks in no time. */
final class MutableClock extends Clock {

    // whole seconds, so nothing depends on how finely a database keeps timestamps
    private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

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
