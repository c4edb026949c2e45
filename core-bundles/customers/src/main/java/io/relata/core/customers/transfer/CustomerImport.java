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
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.rest.EntityVersion;
import io.relata.core.customers.customer.CustomerFields;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.DuplicateMatches;
import io.relata.core.customers.customer.Normalise;

/** Rows to customers. */
final class CustomerImport extends RecordImport<CustomerFields> {

    static final List<String> FIELDS = List.of("kind", "name", "legalName", "industry", "website", "phone", "email",
            "address.street", "address.city", "address.region", "address.postalCode", "address.country", "stage",
            "tags", "ownerId", "parentId", "subsidiaryId", "currency");

    private static final Map<String, List<String>> HEADER_WORDS = Map.ofEntries(
            Map.entry("name", List.of("customer", "customer name", "company", "company name", "account",
                    "account name", "名称", "客户", "客户名称", "公司", "公司名称", "企业名称")),
            Map.entry("legalName", List.of("legal name", "registered name", "法定名称", "注册名称", "工商名称")),
            Map.entry("kind", List.of("type", "customer type", "类型", "客户类型")),
            Map.entry("industry", List.of("行业")),
            Map.entry("website", List.of("web", "url", "homepage", "网站", "网址", "官网")),
            Map.entry("phone", List.of("telephone", "tel", "mobile", "phone number", "电话", "手机", "手机号",
                    "联系电话", "电话号码")),
            Map.entry("email", List.of("e-mail", "mail", "email address", "邮箱", "电子邮箱", "电子邮件", "邮件")),
            Map.entry("address.street", List.of("street", "address", "地址", "街道", "详细地址")),
            Map.entry("address.city", List.of("city", "城市", "市")),
            Map.entry("address.region", List.of("region", "state", "province", "省", "省份", "地区")),
            Map.entry("address.postalCode", List.of("postal code", "postcode", "zip", "zip code", "邮编",
                    "邮政编码")),
            Map.entry("address.country", List.of("country", "国家")),
            Map.entry("stage", List.of("lifecycle stage", "阶段", "客户阶段")),
            Map.entry("tags", List.of("tag", "labels", "标签")),
            Map.entry("ownerId", List.of("owner", "负责人", "所有者", "归属人")),
            Map.entry("parentId", List.of("parent", "上级客户")),
            Map.entry("subsidiaryId", List.of("subsidiary", "子公司")),
            Map.entry("currency", List.of("币种", "货币")));

    private static final String NAME = "name:";
    private static final String EMAIL = "email:";
    private static final String PHONE = "phone:";

    private final CustomerStore store;

    CustomerImport(Services services, CustomerStore store) {
        super(RecordKind.CUSTOMER, services);
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
        return mappedFields.contains("name") ? Optional.empty() : Optional.of("map a column to name");
    }

    @Override
    CustomerFields build(RowValues values) {
        return new CustomerFields(values.constant(CustomerKind.class, "kind"), values.text("name"),
                values.text("legalName"), values.text("industry"), values.text("website"), values.text("phone"),
                values.text("email"), new Address(values.text("address.street"), values.text("address.city"),
                values.text("address.region"), values.text("address.postalCode"), values.text("address.country")),
                values.constant(LifecycleStage.class, "stage"), values.list("tags"),
                owner(values, "ownerId", "customers:assign"), values.text("parentId"), values.text("subsidiaryId"),
                values.text("currency"), null);
    }

    @Override
    CustomerFields validated(CustomerFields fields) {
        return fields.validated();
    }

    @Override
    CustomerFields withCustomFields(CustomerFields fields, Map<String, Object> values) {
        return fields.withCustomFields(values);
    }

    @Override
    DuplicateMatches duplicatesOf(CustomerFields fields) {
        return store.duplicatesOf(fields);
    }

    /** As {@link CustomerStore#duplicatesOf} compares them: the normalised name, e-mail and phone. */
    @Override
    Set<String> duplicateKeys(CustomerFields fields) {
        Set<String> keys = new HashSet<>();
        String name = Normalise.name(fields.name());
        String email = Normalise.email(fields.email());
        String phone = Normalise.phone(fields.phone());
        if (name != null) {
            keys.add(NAME + name);
        }
        if (email != null) {
            keys.add(EMAIL + email);
        }
        if (phone != null) {
            keys.add(PHONE + phone);
        }
        return keys;
    }

    /**
     * The keys live customers have, from one query over the batch's keys: the store finds a duplicate by an equal
     * name, e-mail or phone key of a live customer, so a row none of whose keys is stored here is none. Scope does
     * not matter, as a duplicate outside the importer's scope counts too.
     */
    @Override
    Set<String> storedKeys(EntityManager em, Set<String> keys) {
        Map<String, List<String>> wanted = new HashMap<>();
        for (String key : keys) {
            String kind = key.substring(0, key.indexOf(':') + 1);
            wanted.computeIfAbsent(kind, k -> new ArrayList<>()).add(key.substring(kind.length()));
        }
        List<String> conditions = new ArrayList<>();
        Map<String, List<String>> parameters = new HashMap<>();
        List.of(NAME, EMAIL, PHONE).forEach(kind -> {
            List<String> values = wanted.get(kind);
            if (values != null) {
                String parameter = kind.substring(0, kind.length() - 1);
                conditions.add("c." + parameter + "Key IN :" + parameter);
                parameters.put(parameter, values);
            }
        });
        Set<String> stored = new HashSet<>();
        if (conditions.isEmpty()) {
            return stored;
        }
        TypedQuery<Object[]> select = em.createQuery("SELECT c.nameKey, c.emailKey, c.phoneKey FROM CustomerEntity c"
                + " WHERE c.deletedAt IS NULL AND (" + String.join(" OR ", conditions) + ")", Object[].class);
        parameters.forEach(select::setParameter);
        for (Object[] row : select.getResultList()) {
            if (row[0] != null) {
                stored.add(NAME + row[0]);
            }
            if (row[1] != null) {
                stored.add(EMAIL + row[1]);
            }
            if (row[2] != null) {
                stored.add(PHONE + row[2]);
            }
        }
        stored.retainAll(keys);
        return stored;
    }

    /** A new customer depends on stored records only (its owner, its parent by id), never on another new one. */
    @Override
    boolean batchesMayRunTogether() {
        return true;
    }

    @Override
    void create(CustomerFields fields) {
        store.create(fields, true);
    }

    /** One flush, one audit call for the rows: see {@link CustomerStore#createAll}. */
    @Override
    void createAll(List<CustomerFields> rows) {
        store.createAll(rows);
    }

    @Override
    void update(String id, CustomerFields row, Set<String> given) {
        Customer current = store.find(id).orElseThrow(() -> CustomerStore.notFound(id));
        store.change(id, new EntityVersion(current.version()).etag(), stored -> merged(stored, row, given), true);
    }

    private static CustomerFields merged(CustomerFields stored, CustomerFields row, Set<String> given) {
        Address was = stored.address() == null ? Address.EMPTY : stored.address();
        Address now = row.address();
        Map<String, Object> custom = new HashMap<>(stored.customFields());
        custom.putAll(row.customFields());
        return new CustomerFields(pick(given, "kind", row.kind(), stored.kind()),
                pick(given, "name", row.name(), stored.name()),
                pick(given, "legalName", row.legalName(), stored.legalName()),
                pick(given, "industry", row.industry(), stored.industry()),
                pick(given, "website", row.website(), stored.website()),
                pick(given, "phone", row.phone(), stored.phone()),
                pick(given, "email", row.email(), stored.email()),
                new Address(pick(given, "address.street", now.street(), was.street()),
                        pick(given, "address.city", now.city(), was.city()),
                        pick(given, "address.region", now.region(), was.region()),
                        pick(given, "address.postalCode", now.postalCode(), was.postalCode()),
                        pick(given, "address.country", now.country(), was.country())),
                pick(given, "stage", row.stage(), stored.stage()),
                pick(given, "tags", row.tags(), stored.tags()),
                pick(given, "ownerId", row.ownerId(), stored.ownerId()),
                pick(given, "parentId", row.parentId(), stored.parentId()),
                pick(given, "subsidiaryId", row.subsidiaryId(), stored.subsidiaryId()),
                pick(given, "currency", row.currency(), stored.currency()), custom);
    }
}
