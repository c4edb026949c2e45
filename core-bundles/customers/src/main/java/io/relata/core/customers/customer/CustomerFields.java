package io.relata.core.customers.customer;

import java.net.URI;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.relata.api.customer.Address;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The writable fields of a customer: the body of a create, and what a merge patch is applied to. Custom-field
 * values are checked by the custom-fields service, not here. Everything
 * the server decides (id, audit fields, version) is elsewhere.
 */
public record CustomerFields(CustomerKind kind, String name, String legalName, String industry, String website,
                             String phone, String email, Address address, LifecycleStage stage, List<String> tags,
                             String ownerId, String parentId, String subsidiaryId, String currency,
                             Map<String, Object> customFields) {

    static final int MAX_TAGS = 20;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /**
     * @return these fields trimmed, normalised and with defaults, or a 400 problem naming every bad field. Checks
     *         that need the database (the owner exists, the parent exists and makes no cycle) are the store's.
     */
    public CustomerFields validated() {
        List<FieldError> errors = new ArrayList<>();
        String cleanName = text(name, "name", 200, true, errors);
        String cleanLegalName = text(legalName, "legalName", 200, false, errors);
        String cleanIndustry = blankToNull(industry);
        if (cleanIndustry != null && !KEY.matcher(cleanIndustry).matches()) {
            errors.add(new FieldError("industry", "is not an industry key (lower case letters, digits, '-')"));
        }
        String cleanWebsite = website(errors);
        String cleanPhone = text(phone, "phone", 40, false, errors);
        if (cleanPhone != null && !Normalise.isPhone(cleanPhone)) {
            errors.add(new FieldError("phone", "is not a phone number"));
        }
        String cleanEmail = text(email, "email", 254, false, errors);
        if (cleanEmail != null && !Normalise.isEmail(cleanEmail)) {
            errors.add(new FieldError("email", "is not an e-mail address"));
        }
        Address cleanAddress = address(errors);
        List<String> cleanTags = tags(errors);
        String cleanOwner = id(ownerId, "ownerId", errors);
        String cleanParent = id(parentId, "parentId", errors);
        String cleanSubsidiary = id(subsidiaryId, "subsidiaryId", errors);
        String cleanCurrency = blankToNull(currency);
        if (cleanCurrency != null) {
            cleanCurrency = cleanCurrency.toUpperCase(Locale.ROOT);
            if (!isCurrency(cleanCurrency)) {
                errors.add(new FieldError("currency", "is not an ISO 4217 currency code such as CNY or USD"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new CustomerFields(kind == null ? CustomerKind.COMPANY : kind, cleanName, cleanLegalName, cleanIndustry,
                cleanWebsite, cleanPhone, cleanEmail == null ? null : cleanEmail.toLowerCase(Locale.ROOT),
                cleanAddress, stage == null ? LifecycleStage.PROSPECT : stage, cleanTags, cleanOwner, cleanParent,
                cleanSubsidiary, cleanCurrency, customFields == null ? Map.of() : customFields);
    }

    public CustomerFields withOwner(String owner) {
        return new CustomerFields(kind, name, legalName, industry, website, phone, email, address, stage, tags, owner,
                parentId, subsidiaryId, currency, customFields);
    }

    public CustomerFields withParent(String parent) {
        return new CustomerFields(kind, name, legalName, industry, website, phone, email, address, stage, tags, ownerId,
                parent, subsidiaryId, currency, customFields);
    }

    public CustomerFields withCustomFields(Map<String, Object> values) {
        return new CustomerFields(kind, name, legalName, industry, website, phone, email, address, stage, tags, ownerId,
                parentId, subsidiaryId, currency, values);
    }

    private String website(List<FieldError> errors) {
        String clean = text(website, "website", 500, false, errors);
        if (clean == null) {
            return null;
        }
        String withScheme = clean.matches("(?i)https?://.*") ? clean : "https://" + clean;
        try {
            URI uri = URI.create(withScheme);
            if (uri.getHost() == null || !uri.getHost().contains(".")) {
                throw new IllegalArgumentException();
            }
            return withScheme;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("website", "is not a web address"));
            return null;
        }
    }

    private Address address(List<FieldError> errors) {
        Address given = address == null ? Address.EMPTY : address;
        String country = blankToNull(given.country());
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!Normalise.isCountry(country)) {
                errors.add(new FieldError("address.country", "is not an ISO 3166 country code such as CN or US"));
            }
        }
        return new Address(text(given.street(), "address.street", 500, false, errors),
                text(given.city(), "address.city", 100, false, errors),
                text(given.region(), "address.region", 100, false, errors),
                text(given.postalCode(), "address.postalCode", 20, false, errors), country);
    }

    private List<String> tags(List<FieldError> errors) {
        if (tags == null) {
            return List.of();
        }
        Set<String> clean = new LinkedHashSet<>();
        for (String tag : tags) {
            String value = tag == null ? "" : Normalise.name(tag);
            if (value.isEmpty() || value.length() > 40 || value.contains(",") || hasControl(value)) {
                errors.add(new FieldError("tags", "each tag has 1 to 40 characters and no commas"));
                return List.of();
            }
            clean.add(value);
        }
        if (clean.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags"));
        }
        return List.copyOf(new java.util.TreeSet<>(clean));
    }

    private static String id(String value, String field, List<FieldError> errors) {
        String clean = blankToNull(value);
        if (clean != null && !Normalise.isId(clean)) {
            errors.add(new FieldError(field, "is not an id"));
        }
        return clean;
    }

    private static String text(String value, String field, int max, boolean required, List<FieldError> errors) {
        String clean = value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        if (clean == null || clean.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (clean.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (hasControl(field.equals("address.street") ? clean.replace('\n', ' ') : clean)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
        return clean;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
