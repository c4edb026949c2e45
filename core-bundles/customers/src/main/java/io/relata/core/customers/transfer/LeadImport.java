package io.relata.core.customers.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import io.relata.api.customer.Address;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadStatus;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Problem;
import io.relata.core.customers.customer.DuplicateMatches;
import io.relata.core.customers.customer.Normalise;
import io.relata.core.customers.lead.LeadFields;
import io.relata.core.customers.lead.LeadStore;

/** Rows to leads. A lead without an owner goes through the assignment rules, as one created by hand does. */
final class LeadImport extends RecordImport<LeadFields> {

    static final List<String> FIELDS = List.of("firstName", "lastName", "company", "title", "email", "phone",
            "website", "address.street", "address.city", "address.region", "address.postalCode", "address.country",
            "source", "campaignId", "status", "disqualifiedReason", "description", "ownerId");

    private static final Map<String, List<String>> HEADER_WORDS = Map.ofEntries(
            Map.entry("firstName", List.of("first name", "given name", "forename", "名")),
            Map.entry("lastName", List.of("last name", "surname", "family name", "name", "full name", "contact",
                    "contact name", "姓", "姓名", "联系人", "联系人姓名")),
            Map.entry("company", List.of("company name", "organisation", "organization", "account", "公司",
                    "公司名称", "企业名称", "单位")),
            Map.entry("title", List.of("job title", "position", "职位", "职务", "头衔")),
            Map.entry("email", List.of("e-mail", "mail", "email address", "邮箱", "电子邮箱", "电子邮件", "邮件")),
            Map.entry("phone", List.of("telephone", "tel", "mobile", "phone number", "电话", "手机", "手机号",
                    "联系电话", "电话号码")),
            Map.entry("website", List.of("web", "url", "homepage", "网站", "网址", "官网")),
            Map.entry("address.street", List.of("street", "address", "地址", "街道", "详细地址")),
            Map.entry("address.city", List.of("city", "城市", "市")),
            Map.entry("address.region", List.of("region", "state", "province", "省", "省份", "地区")),
            Map.entry("address.postalCode", List.of("postal code", "postcode", "zip", "zip code", "邮编",
                    "邮政编码")),
            Map.entry("address.country", List.of("country", "国家")),
            Map.entry("source", List.of("lead source", "来源", "线索来源")),
            Map.entry("campaignId", List.of("campaign", "活动")),
            Map.entry("status", List.of("lead status", "状态")),
            Map.entry("disqualifiedReason", List.of("disqualified reason", "reason", "原因")),
            Map.entry("description", List.of("notes", "note", "comment", "描述", "备注", "说明")),
            Map.entry("ownerId", List.of("owner", "负责人", "所有者", "归属人")));

    private static final String EMAIL = "email:";
    private static final String PHONE = "phone:";
    private static final String PERSON = "person:";
    private static final String SEPARATOR = "\n";

    private final LeadStore store;

    LeadImport(Services services, LeadStore store) {
        super(RecordKind.LEAD, services);
        this.store = store;
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
        return mappedFields.contains("firstName") || mappedFields.contains("lastName")
                || mappedFields.contains("company") ? Optional.empty()
                : Optional.of("map a column to firstName, lastName or company");
    }

    @Override
    LeadFields build(RowValues values) {
        return new LeadFields(values.text("firstName"), values.text("lastName"), values.text("company"),
                values.text("title"), values.text("email"), values.text("phone"), values.text("website"),
                new Address(values.text("address.street"), values.text("address.city"),
                        values.text("address.region"), values.text("address.postalCode"),
                        values.text("address.country")),
                values.text("source"), values.text("campaignId"), values.constant(LeadStatus.class, "status"),
                values.text("disqualifiedReason"), values.text("description"),
                owner(values, "ownerId", "leads:assign"), null);
    }

    @Override
    LeadFields validated(LeadFields fields) {
        return fields.validated();
    }

    @Override
    LeadFields withCustomFields(LeadFields fields, Map<String, Object> values) {
        return new LeadFields(fields.firstName(), fields.lastName(), fields.company(), fields.title(), fields.email(),
                fields.phone(), fields.website(), fields.address(), fields.source(), fields.campaignId(),
                fields.status(), fields.disqualifiedReason(), fields.description(), fields.ownerId(), values);
    }

    @Override
    DuplicateMatches duplicatesOf(LeadFields fields) {
        return store.duplicatesOf(fields);
    }

    /**
     * What the store finds a duplicate lead by: its e-mail address, its phone number, or its person (in either
     * order of the names, as the store compares them) at its company or at none.
     */
    @Override
    Set<String> duplicateKeys(LeadFields fields) {
        Set<String> keys = new HashSet<>();
        if (fields.email() != null) {
            keys.add(EMAIL + fields.email());
        }
        String phone = Normalise.phone(fields.phone());
        if (phone != null) {
            keys.add(PHONE + phone);
        }
        if (fields.firstName() != null || fields.lastName() != null) {
            String company = Normalise.name(fields.company());
            keys.add(personKey(Normalise.personName(fields.firstName(), fields.lastName()), company));
            keys.add(personKey(Normalise.personName(fields.lastName(), fields.firstName()), company));
        }
        return keys;
    }

    /**
     * The keys open leads have, from one query over the batch's keys: the store only counts open leads, with an
     * equal e-mail, phone key, or name key at the same company key (or both without one).
     */
    @Override
    Set<String> storedKeys(EntityManager em, Set<String> keys) {
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String key : keys) {
            if (key.startsWith(EMAIL)) {
                emails.add(key.substring(EMAIL.length()));
            } else if (key.startsWith(PHONE)) {
                phones.add(key.substring(PHONE.length()));
            } else {
                names.add(key.substring(PERSON.length(), key.indexOf(SEPARATOR)));
            }
        }
        List<String> conditions = new ArrayList<>();
        if (!emails.isEmpty()) {
            conditions.add("l.email IN :emails");
        }
        if (!phones.isEmpty()) {
            conditions.add("l.phoneKey IN :phones");
        }
        if (!names.isEmpty()) {
            conditions.add("l.nameKey IN :names");
        }
        Set<String> stored = new HashSet<>();
        if (conditions.isEmpty()) {
            return stored;
        }
        TypedQuery<Object[]> select = em.createQuery("SELECT l.email, l.phoneKey, l.nameKey, l.companyKey"
                + " FROM LeadEntity l WHERE l.deletedAt IS NULL AND l.status IN :open AND ("
                + String.join(" OR ", conditions) + ")", Object[].class);
        select.setParameter("open", List.of(LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED));
        if (!emails.isEmpty()) {
            select.setParameter("emails", emails);
        }
        if (!phones.isEmpty()) {
            select.setParameter("phones", phones);
        }
        if (!names.isEmpty()) {
            select.setParameter("names", List.copyOf(names));
        }
        for (Object[] row : select.getResultList()) {
            if (row[0] != null) {
                stored.add(EMAIL + row[0]);
            }
            if (row[1] != null) {
                stored.add(PHONE + row[1]);
            }
            if (row[2] != null) {
                stored.add(personKey((String) row[2], (String) row[3]));
            }
        }
        return stored;
    }

    /** Names and companies hold no line break: folded, their white space is single spaces. */
    private static String personKey(String nameKey, String companyKey) {
        return PERSON + nameKey + SEPARATOR + (companyKey == null ? "" : companyKey);
    }

    @Override
    void create(LeadFields fields) {
        store.create(fields, true);
    }

    /** One flush, one audit call for the rows: see {@link LeadStore#createAll}. */
    @Override
    void createAll(List<LeadFields> rows) {
        store.createAll(rows);
    }

    @Override
    void update(String id, LeadFields row, Set<String> given) {
        Lead current = store.find(id).orElseThrow(() -> Problem.notFound("no lead with id " + id).toException());
        store.change(id, new EntityVersion(current.version()).etag(), stored -> merged(stored, row, given), true);
    }

    private static LeadFields merged(LeadFields stored, LeadFields row, Set<String> given) {
        Address was = stored.address() == null ? Address.EMPTY : stored.address();
        Address now = row.address();
        Map<String, Object> custom = new HashMap<>(stored.customFields() == null ? Map.of() : stored.customFields());
        custom.putAll(row.customFields());
        return new LeadFields(pick(given, "firstName", row.firstName(), stored.firstName()),
                pick(given, "lastName", row.lastName(), stored.lastName()),
                pick(given, "company", row.company(), stored.company()),
                pick(given, "title", row.title(), stored.title()),
                pick(given, "email", row.email(), stored.email()),
                pick(given, "phone", row.phone(), stored.phone()),
                pick(given, "website", row.website(), stored.website()),
                new Address(pick(given, "address.street", now.street(), was.street()),
                        pick(given, "address.city", now.city(), was.city()),
                        pick(given, "address.region", now.region(), was.region()),
                        pick(given, "address.postalCode", now.postalCode(), was.postalCode()),
                        pick(given, "address.country", now.country(), was.country())),
                pick(given, "source", row.source(), stored.source()),
                pick(given, "campaignId", row.campaignId(), stored.campaignId()),
                pick(given, "status", row.status(), stored.status()),
                pick(given, "disqualifiedReason", row.disqualifiedReason(), stored.disqualifiedReason()),
                pick(given, "description", row.description(), stored.description()),
                pick(given, "ownerId", row.ownerId(), stored.ownerId()), custom);
    }
}
