package io.relata.core.customers.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;

import io.relata.api.customer.Contact;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Problem;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.DuplicateMatches;
import io.relata.core.customers.customer.Normalise;

/**
 * Rows to contacts. A row names its customer by id ({@code customerId}) or by name ({@code customer}), which must
 * be the name of exactly one customer the importing user can see.
 */
final class ContactImport extends RecordImport<ContactFields> {

    static final List<String> FIELDS = List.of("customerId", "customer", "firstName", "lastName", "title",
            "department", "emails", "phones", "birthday", "primary", "doNotContact", "marketingOptOut");

    private static final Map<String, List<String>> HEADER_WORDS = Map.ofEntries(
            Map.entry("customer", List.of("customer name", "company", "company name", "account", "account name",
                    "客户", "客户名称", "公司", "公司名称", "企业名称")),
            Map.entry("firstName", List.of("first name", "given name", "forename", "名")),
            Map.entry("lastName", List.of("last name", "surname", "family name", "name", "full name", "contact",
                    "contact name", "姓", "姓名", "联系人", "联系人姓名")),
            Map.entry("title", List.of("job title", "position", "职位", "职务", "头衔")),
            Map.entry("department", List.of("dept", "部门")),
            Map.entry("emails", List.of("email", "e-mail", "mail", "email address", "邮箱", "电子邮箱", "电子邮件")),
            Map.entry("phones", List.of("phone", "telephone", "tel", "mobile", "phone number", "电话", "手机",
                    "手机号", "联系电话", "电话号码")),
            Map.entry("birthday", List.of("birth date", "date of birth", "生日", "出生日期")),
            Map.entry("primary", List.of("primary contact", "主联系人")),
            Map.entry("doNotContact", List.of("do not contact", "请勿联系")),
            Map.entry("marketingOptOut", List.of("marketing opt out", "unsubscribed", "退订")));

    private static final String NAME = "name:";
    private static final String EMAIL = "email:";
    private static final String PHONE = "phone:";
    /** Between a name key's customer id and name: ids are letters, digits and dashes, names hold no line break. */
    private static final String SEPARATOR = "\n";

    private final ContactStore store;
    private final Lookups<List<String>> customersByName;

    ContactImport(Services services, ContactStore store, CustomerStore customers) {
        super(RecordKind.CONTACT, services);
        this.store = store;
        this.customersByName = new Lookups<>(name -> customers.idsByName(name, 2));
    }

    @Override
    List<String> fields() {
        return FIELDS;
    }

    @Override
    Map<String, List<String>> headerWords() {
        return HEADER_WORDS;
    }

    @Override
    Optional<String> missing(Set<String> mappedFields) {
        return mappedFields.contains("customerId") || mappedFields.contains("customer") ? Optional.empty()
                : Optional.of("map a column to customerId or customer (the customer's name)");
    }

    @Override
    ContactFields build(RowValues values) {
        return new ContactFields(customerId(values), values.text("firstName"), values.text("lastName"),
                values.text("title"), values.text("department"), values.list("emails"), values.list("phones"),
                values.date("birthday"), values.flag("primary"), values.flag("doNotContact"),
                values.flag("marketingOptOut"), null);
    }

    private String customerId(RowValues values) {
        String id = values.text("customerId");
        String name = values.text("customer");
        if (id != null || name == null) {
            return id;
        }
        List<String> named = customersByName.get(name);
        if (named.size() == 1) {
            return named.get(0);
        }
        values.reject("customer", named.isEmpty() ? "no customer you can see is named '" + name + "'"
                : "several customers are named '" + name + "'; give the customer's id in customerId instead",
                "customerId");
        return null;
    }

    @Override
    ContactFields validated(ContactFields fields) {
        return fields.validated();
    }

    @Override
    ContactFields withCustomFields(ContactFields fields, Map<String, Object> values) {
        return fields.withCustomFields(values);
    }

    @Override
    DuplicateMatches duplicatesOf(ContactFields fields) {
        return store.duplicatesOf(fields);
    }

    /**
     * What the store finds a duplicate contact by: the same name at the same customer, or an e-mail address or
     * phone number of the row.
     */
    @Override
    Set<String> duplicateKeys(ContactFields fields) {
        Set<String> keys = new HashSet<>();
        keys.add(NAME + fields.customerId() + SEPARATOR + Normalise.personName(fields.firstName(), fields.lastName()));
        fields.emails().forEach(email -> keys.add(EMAIL + email));
        for (String phone : fields.phones()) {
            String digits = Normalise.phone(phone);
            if (digits != null) {
                keys.add(PHONE + digits);
            }
        }
        return keys;
    }

    /**
     * The keys live contacts have, from a query for each kind of key (each finds its rows by an index). A contact of
     * a deleted customer, which the store does not count, counts here: its rows are only asked about one by one.
     * Scope does not matter, as a duplicate outside the importer's scope counts too.
     */
    @Override
    Set<String> storedKeys(EntityManager em, Set<String> keys) {
        Set<String> customers = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (String key : keys) {
            if (key.startsWith(NAME)) {
                int separator = key.indexOf(SEPARATOR);
                customers.add(key.substring(NAME.length(), separator));
                names.add(key.substring(separator + SEPARATOR.length()));
            } else if (key.startsWith(EMAIL)) {
                emails.add(key.substring(EMAIL.length()));
            } else {
                phones.add(key.substring(PHONE.length()));
            }
        }
        Set<String> stored = new HashSet<>();
        if (!names.isEmpty()) {
            for (Object[] row : em.createQuery("SELECT k.customerId, k.nameKey FROM ContactEntity k"
                    + " WHERE k.deletedAt IS NULL AND k.customerId IN :customers AND k.nameKey IN :names", Object[].class)
                    .setParameter("customers", List.copyOf(customers)).setParameter("names", List.copyOf(names))
                    .getResultList()) {
                stored.add(NAME + row[0] + SEPARATOR + row[1]);
            }
        }
        if (!emails.isEmpty()) {
            em.createQuery("SELECT e FROM ContactEntity k JOIN k.emails e WHERE k.deletedAt IS NULL"
                    + " AND e IN :emails", String.class).setParameter("emails", emails).getResultList()
                    .forEach(email -> stored.add(EMAIL + email));
        }
        if (!phones.isEmpty()) {
            em.createQuery("SELECT p.phoneKey FROM ContactEntity k JOIN k.phones p WHERE k.deletedAt IS NULL"
                    + " AND p.phoneKey IN :phones", String.class).setParameter("phones", phones).getResultList()
                    .forEach(phone -> stored.add(PHONE + phone));
        }
        return stored;
    }

    @Override
    void create(ContactFields fields) {
        store.create(fields, true);
    }

    /** One flush, one audit call for the rows: see {@link ContactStore#createAll}. */
    @Override
    void createAll(List<ContactFields> rows) {
        store.createAll(rows);
    }

    @Override
    void update(String id, ContactFields row, Set<String> given) {
        Contact current = store.find(id).orElseThrow(() -> Problem.notFound("no contact with id " + id)
                .toException());
        store.change(id, new EntityVersion(current.version()).etag(), stored -> merged(stored, row, given), true);
    }

    private static ContactFields merged(ContactFields stored, ContactFields row, Set<String> given) {
        Map<String, Object> custom = new HashMap<>(stored.customFields());
        custom.putAll(row.customFields());
        boolean customerGiven = given.contains("customerId") || given.contains("customer");
        return new ContactFields(customerGiven ? row.customerId() : stored.customerId(),
                pick(given, "firstName", row.firstName(), stored.firstName()),
                pick(given, "lastName", row.lastName(), stored.lastName()),
                pick(given, "title", row.title(), stored.title()),
                pick(given, "department", row.department(), stored.department()),
                pick(given, "emails", row.emails(), stored.emails()),
                pick(given, "phones", row.phones(), stored.phones()),
                pick(given, "birthday", row.birthday(), stored.birthday()),
                pick(given, "primary", row.primary(), stored.primary()),
                pick(given, "doNotContact", row.doNotContact(), stored.doNotContact()),
                pick(given, "marketingOptOut", row.marketingOptOut(), stored.marketingOptOut()), custom);
    }
}
