package io.relata.core.customers.transfer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.relata.api.customer.Contact;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Problem;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.DuplicateMatches;

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

    @Override
    void create(ContactFields fields) {
        store.create(fields, true);
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
