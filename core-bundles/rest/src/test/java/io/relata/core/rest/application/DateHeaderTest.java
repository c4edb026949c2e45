package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.transport.http.Headers;
import org.junit.jupiter.api.Test;

class DateHeaderTest {

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-01T04:05:06.250Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theTextIsWhatCxfWouldHaveWritten() {
        for (String instant : List.of("2026-12-01T04:05:06Z", "2027-01-09T23:59:59Z", "2000-02-29T00:00:00Z",
                "1999-07-04T12:30:45Z")) {
            Date date = Date.from(Instant.parse(instant));
            assertThat(DateHeader.HTTP_DATE.format(date.toInstant())).as(instant)
                    .isEqualTo(Headers.getHttpDateFormat().format(date));
        }
        assertThat(DateHeader.HTTP_DATE.format(Instant.parse("2026-12-01T04:05:06Z")))
                .isEqualTo("Tue, 01 Dec 2026 04:05:06 GMT");
    }

    @Test
    void anAnswerWithoutADateGetsTheCurrentSecond() {
        Moving clock = new Moving();
        DateHeader stamp = new DateHeader(clock);
        Message answer = new MessageImpl();

        stamp.handleMessage(answer);

        Map<String, List<Object>> headers = CastUtils.cast((Map<?, ?>) answer.get(Message.PROTOCOL_HEADERS));
        assertThat(headers.get("date")).as("found whatever the case").containsExactly("Tue, 01 Dec 2026 04:05:06 GMT");
        headers.get("Date").add("the writer may change the list it adopts");
    }

    @Test
    void aDateAlreadyThereStays() {
        DateHeader stamp = new DateHeader(new Moving());
        Message answer = new MessageImpl();
        Map<String, List<Object>> given = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        given.put("date", new java.util.ArrayList<>(List.of("Mon, 30 Nov 2026 00:00:00 GMT")));
        answer.put(Message.PROTOCOL_HEADERS, given);

        stamp.handleMessage(answer);

        assertThat(given).hasSize(1);
        assertThat(given.get("Date")).containsExactly("Mon, 30 Nov 2026 00:00:00 GMT");
    }

    @Test
    void theTextIsMadeOncePerSecond() {
        Moving clock = new Moving();
        DateHeader stamp = new DateHeader(clock);

        String first = stamp.now();
        clock.now = clock.now.plus(Duration.ofMillis(700));
        assertThat(stamp.now()).as("same second").isSameAs(first);
        clock.now = clock.now.plus(Duration.ofMillis(100));
        assertThat(stamp.now()).isEqualTo("Tue, 01 Dec 2026 04:05:07 GMT");
    }
}
