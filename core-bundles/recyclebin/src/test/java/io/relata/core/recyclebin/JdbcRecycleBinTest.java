package io.relata.core.recyclebin;

import static org.assertj.core.api.Assertions.assertThat;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;

class JdbcRecycleBinTest {

    @OnEveryDatabase
    void anEntryReadsBackAsItWasAdded(RecycleBinFixture fixture) {
        RecycleBinEntry added = fixture.delete("example-hello", "hello.greeting", "g-1");

        assertThat(fixture.bin.find(added.id())).contains(added);
        assertThat(added.deletedBy()).isEqualTo("system");
        assertThat(fixture.bin.find("no-such-entry")).isEmpty();
    }

    @OnEveryDatabase
    void theListCanBeNarrowedToOneRecordTypeAndPagedThrough(RecycleBinFixture fixture) {
        RecycleBinEntry first = fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.delete("customers", "customer", "c-1");
        RecycleBinEntry second = fixture.delete("example-hello", "hello.greeting", "g-2");
        fixture.delete("customers", "customer", "c-2");
        RecycleBinEntry third = fixture.delete("example-hello", "hello.greeting", "g-3");

        Page<RecycleBinEntry> page = fixture.bin.list("hello.greeting", new PageRequest(2, null));
        assertThat(page.items()).containsExactly(third, second);
        assertThat(page.nextCursor()).isNotNull();

        Page<RecycleBinEntry> rest = fixture.bin.list("hello.greeting", PageRequest.of("2", page.nextCursor()));
        assertThat(rest.items()).containsExactly(first);
        assertThat(rest.nextCursor()).isNull();

        assertThat(fixture.bin.list(null, new PageRequest(10, null)).items()).hasSize(5);
        assertThat(fixture.bin.list("unknown", new PageRequest(10, null)).items()).isEmpty();
    }
}
