package io.relata.core.customers.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Address;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.security.Users;

class CustomerSheetTest {

    private static final Instant CREATED = Instant.parse("2026-01-31T16:30:00Z");
    private static final Instant UPDATED = Instant.parse("2026-02-01T02:05:00Z");

    /** Knows ada by id u-ada; everyone else is gone. */
    private static final Users USERS = KnownUsers.of(Map.of("u-ada", "ada"));

    private static Customer customer(String id, String name, String ownerId) {
        return new Customer(id, CustomerKind.COMPANY, name, "Acme Trading Co., Ltd.", "retail", null, "+86 10 8888",
                "sales@acme.example", new Address("1 Main St", "Beijing", null, "100000", "CN"),
                LifecycleStage.CUSTOMER, List.of("b2b", "vip"), ownerId, null, null, "CNY", Map.of(), CREATED, "u-ada",
                UPDATED, "u-gone", 3);
    }

    private static Contact contact(String id, String first, String last, String title, boolean primary) {
        return new Contact(id, "c-1", first, last, title, null, List.of(first.toLowerCase() + "@acme.example"),
                List.of(), null, primary, false, false, Map.of(), CREATED, "u-ada", CREATED, "u-ada", 1);
    }

    @Test
    void showsFieldsPathContactsAndHistoryInTheUsersZone() {
        CustomerSheet sheet = new CustomerSheet(ZoneId.of("Asia/Shanghai"), new UserNames(USERS));
        List<String> lines = sheet.lines(customer("c-1", "Acme Trading", "u-ada"),
                List.of(customer("c-r", "North Region", "u-ada"), customer("c-g", "Acme Group", "u-ada")),
                List.of(contact("k-1", "Li", "Wei", "CTO", true), contact("k-2", "Mary", "Major", null, false)),
                List.of(new AuditEntry("a-2", "customer", "c-1", "RELEASED", "u-ada", "ada", UPDATED,
                                List.of(new FieldChange("ownerId", "u-ada", null)), "moved away"),
                        new AuditEntry("a-1", "customer", "c-1", "CREATED", "u-ada", "ada", CREATED, List.of(), null)));

        assertThat(lines).containsExactly(
                "Acme Trading",
                "  Id           c-1",
                "  Kind         COMPANY",
                "  Stage        CUSTOMER",
                "  Legal name   Acme Trading Co., Ltd.",
                "  Industry     retail",
                "  Website      -",
                "  Phone        +86 10 8888",
                "  E-mail       sales@acme.example",
                "  Address      1 Main St, 100000, Beijing, CN",
                "  Tags         b2b, vip",
                "  Owner        ada",
                "  Parent path  Acme Group > North Region",
                "  Subsidiary   -",
                "  Currency     CNY",
                "  Created      2026-02-01 00:30 by ada",
                "  Updated      2026-02-01 10:05 by u-gone",
                "  Version      3",
                "",
                "Contacts (2)",
                "  PRIMARY  NAME        TITLE  E-MAIL             PHONE",
                "  *        Li Wei      CTO    li@acme.example    -",
                "           Mary Major  -      mary@acme.example  -",
                "",
                "Last 2 audit entries, newest first (Asia/Shanghai)",
                "  WHEN              ACTION    BY   WHAT",
                "  2026-02-01 10:05  RELEASED  ada  ownerId; reason: moved away",
                "  2026-02-01 00:30  CREATED   ada");
    }

    @Test
    void aTopLevelPoolCustomerWithoutContactsOrHistory() {
        CustomerSheet sheet = new CustomerSheet(ZoneId.of("UTC"), new UserNames(USERS));
        List<String> lines = sheet.lines(customer("c-1", "Acme", null), List.of(), List.of(), List.of());

        assertThat(lines).contains("  Owner        (public pool)", "  Parent path  (top level)",
                "  Created      2026-01-31 16:30 by ada", "Contacts: none", "Audit trail: empty");
    }
}
