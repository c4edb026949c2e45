package io.relata.core.customers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.relata.api.console.CommandFailedException;
import io.relata.api.customer.LifecycleStage;

class ListOptionsTest {

    /** Knows the user a.rep by username and by id. */
    private static final Function<String, Optional<String>> USERS = given ->
            given.equals("a.rep") || given.equals("u-1") ? Optional.of("u-1") : Optional.empty();

    private static ListOptions parse(String... tokens) {
        return ListOptions.parse(new FakeInvocation(tokens), USERS);
    }

    @Test
    void withoutOptionsItListsFiftyOfAnyOwnerAndStage() {
        ListOptions options = parse();
        assertThat(options).isEqualTo(new ListOptions(null, null, null, 50));
        assertThat(options.filters()).isEmpty();
    }

    @Test
    void optionsBecomeTheFiltersOfTheRestApi() {
        ListOptions options = parse("--q= 华为 ", "--owner=a.rep", "--stage=Customer", "--limit=500");
        assertThat(options).isEqualTo(new ListOptions("华为", "u-1", LifecycleStage.CUSTOMER, 500));
        assertThat(options.filters()).containsExactlyInAnyOrderEntriesOf(Map.of("q", "华为", "owner", "u-1",
                "stage", "CUSTOMER"));
        assertThat(parse("--owner=u-1").owner()).isEqualTo("u-1");
        assertThat(parse("--owner=me").owner()).isEqualTo("me");
        assertThat(parse("--owner=none").filters()).containsEntry("owner", "none");
        assertThat(parse("--q=").q()).as("an empty search is no search").isNull();
    }

    @Test
    void mistakesAreOneLineNamingTheOption() {
        assertThatThrownBy(() -> parse("--owner=ghost")).isInstanceOf(CommandFailedException.class)
                .hasMessage("--owner: no user ghost; give a username, a user id, me or none");
        assertThatThrownBy(() -> parse("--stage=won"))
                .hasMessage("--stage must be one of prospect, customer, former");
        for (String limit : new String[] {"--limit=0", "--limit=1001", "--limit=ten", "--limit=2.5"}) {
            assertThatThrownBy(() -> parse(limit)).hasMessage("--limit must be a whole number from 1 to 1000");
        }
        assertThatThrownBy(() -> parse("--q")).hasMessage("--q needs a value: --q=<value>");
        assertThatThrownBy(() -> parse("--q=" + "x".repeat(101))).hasMessage("--q must be at most 100 characters");
        assertThatThrownBy(() -> parse("--q", "acme"))
                .as("the space-separated form reads as a flag and an argument").isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("--q");
        assertThatThrownBy(() -> parse("acme"))
                .hasMessage("unexpected argument 'acme'; options take their value after '=', e.g. --q=acme");
    }
}
