package io.relata.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.audit.FieldChange;

/** The JSON of an entry's {@code changes} column, and what reading refuses. */
class StoredChangesTest {

    @Test
    void changesComeBackAsTheyWereWrittenWithTheirValuesCut() {
        List<FieldChange> changes = List.of(
                new FieldChange("name", "上海浦东贸易有限公司", "北京 \"朝阳\"\n😀"),
                new FieldChange("phone", null, "+86 21 5555 0100"),
                new FieldChange("fax", "\\u0000 and \u0001", null),
                new FieldChange("notes", null, null));

        String stored = StoredChanges.write(changes, 4000);

        assertThat(stored).startsWith("[{\"field\":\"name\",").doesNotContain("null");
        assertThat(StoredChanges.read(stored)).containsExactlyElementsOf(changes);
        assertThat(StoredChanges.read(StoredChanges.write(List.of(new FieldChange("notes", "x".repeat(20), "y")), 10)))
                .containsExactly(new FieldChange("notes", "x".repeat(9) + "…", "y"));
    }

    @Test
    void noChangesAreNoJson() {
        assertThat(StoredChanges.write(List.of(), 4000)).isNull();
        assertThat(StoredChanges.read(null)).isEmpty();
        assertThat(StoredChanges.read("[]")).isEmpty();
    }

    @Test
    void theMigrationsSpellingIsReadToo() {
        // PostgreSQL's json_agg of json_build_object: spaces, and nulls written out
        assertThat(StoredChanges.read("[{\"field\" : \"name\", \"old\" : null, \"new\" : \"Acme\"}, \n"
                + " {\"field\" : \"phone\", \"old\" : \"1\", \"new\" : null}]"))
                .containsExactly(new FieldChange("name", null, "Acme"), new FieldChange("phone", "1", null));
    }

    @Test
    void whatIsNotAnArrayOfChangesIsRefused() {
        for (String stored : List.of("", "{\"field\":\"name\"}", "[{\"old\":\"a\"}]", "[1]", "not json", "[{")) {
            assertThatIllegalStateException().as(stored).isThrownBy(() -> StoredChanges.read(stored))
                    .withMessageContaining("not a JSON array of field changes");
        }
    }
}
