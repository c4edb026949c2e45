package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.testing.DirectTransactions;

/** The first start of an installation: built-in roles and an administrator whose password is shown once. */
class SecurityBootstrapTest {

    private static final Pattern SHOWN_PASSWORD = Pattern.compile("with the password: (\\S+)");

    @OnEveryDatabase
    void firstStartCreatesTheBuiltInRolesAndAnAdministratorWithTheShownPassword(SecurityFixture fixture)
            throws Exception {
        assumeTrue(System.getenv("RELATA_ADMIN_PASSWORD") == null, "RELATA_ADMIN_PASSWORD is set");

        String console = startPrinting(fixture);

        assertThat(fixture.directory().roles()).extracting(Directory.RoleRecord::name)
                .containsExactlyInAnyOrderElementsOf(BuiltInRoles.ALL.stream().map(BuiltInRoles.Definition::name)
                        .toList());
        UserRecord admin = fixture.directory().userByName(SecurityBootstrap.ADMIN_USER).orElseThrow();
        assertThat(admin.roles()).containsExactly(BuiltInRoles.ADMIN);
        Matcher shown = SHOWN_PASSWORD.matcher(console);
        assertThat(shown.find()).as(console).isTrue();
        String password = shown.group(1);
        assertThat(new LoginService(fixture.security).authenticate("admin", password, "console", true).user().id())
                .isEqualTo(admin.id());
        assertThat(fixture.everyValueOf("core_user")).noneMatch(value -> value.contains(password));
        assertThat(fixture.security.runAs("admin", () -> fixture.security.scope("customers")))
                .isEqualTo(DataScope.all());
    }

    @OnEveryDatabase
    void laterStartsLeaveUsersAloneAndRestoreTheBuiltInRoles(SecurityFixture fixture) throws InterruptedException {
        startPrinting(fixture);
        String admin = fixture.directory().userByName(SecurityBootstrap.ADMIN_USER).orElseThrow().id();
        Directory.RoleRecord rep = fixture.directory().roleByName("SALES_REP").orElseThrow();
        fixture.directory().updateRole(rep.id(), rep.version(), "tampered", List.of("*"),
                Map.of("*", ScopeKind.ALL));
        fixture.directory().setActive(admin, false);

        String console = startPrinting(fixture);

        assertThat(console).doesNotContain("password");
        assertThat(fixture.directory().countUsers()).isEqualTo(1);
        assertThat(fixture.directory().user(admin).orElseThrow().active()).as("an admin's choice").isFalse();
        Directory.RoleRecord restored = fixture.directory().roleByName("SALES_REP").orElseThrow();
        assertThat(restored.permissions()).doesNotContain("*").contains("customers:read");
        assertThat(restored.scopes()).containsExactlyEntriesOf(Map.of("*", ScopeKind.OWN));
    }

    /** @return what the bootstrap printed on the console */
    private static String startPrinting(SecurityFixture fixture) throws InterruptedException {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            new SecurityBootstrap(fixture.security, new DirectTransactions());
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
