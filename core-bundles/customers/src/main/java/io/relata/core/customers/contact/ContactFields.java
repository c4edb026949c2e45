package io.relata.core.customers.contact;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.customer.Normalise;

/**
 * The writable fields of a contact: the body of a create, and what a merge patch is applied to.
 */
public record ContactFields(String customerId, String firstName, String lastName, String title, String department,
                            List<String> emails, List<String> phones, LocalDate birthday, Boolean primary,
                            Boolean doNotContact, Boolean marketingOptOut, Map<String, Object> customFields) {

    static final int MAX_ADDRESSES = 5;

    /** @return these fields trimmed, normalised and with defaults, or a 400 problem naming every bad field */
    public ContactFields validated() {
        List<FieldError> errors = new ArrayList<>();
        String customer = customerId == null || customerId.isBlank() ? null : customerId.strip();
        if (customer == null) {
            errors.add(new FieldError("customerId", "is required"));
        } else if (!Normalise.isId(customer)) {
            errors.add(new FieldError("customerId", "is not an id"));
        }
        String first = text(firstName, "firstName", 100, errors);
        String last = text(lastName, "lastName", 100, errors);
        if (first == null && last == null && errors.stream().noneMatch(e -> e.field().endsWith("Name"))) {
            errors.add(new FieldError("lastName", "a contact needs a first or a last name"));
        }
        List<String> cleanEmails = list(emails, "emails", errors, email -> {
            String clean = Normalise.email(email);
            return clean.length() <= 254 && Normalise.isEmail(clean) ? clean : null;
        }, "is not an e-mail address");
        List<String> cleanPhones = list(phones, "phones", errors, phone -> {
            String clean = phone.strip();
            return clean.length() <= 40 && Normalise.isPhone(clean) ? clean : null;
        }, "is not a phone number");
        if (birthday != null && (birthday.isAfter(LocalDate.now().plusDays(1)) || birthday.getYear() < 1900)) {
            errors.add(new FieldError("birthday", "must be a date between 1900 and today"));
        }
        String cleanTitle = text(title, "title", 100, errors);
        String cleanDepartment = text(department, "department", 100, errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new ContactFields(customer, first, last, cleanTitle, cleanDepartment, cleanEmails, cleanPhones,
                birthday, Boolean.TRUE.equals(primary), Boolean.TRUE.equals(doNotContact),
                Boolean.TRUE.equals(marketingOptOut), customFields == null ? Map.of() : customFields);
    }

    public ContactFields withCustomFields(Map<String, Object> values) {
        return new ContactFields(customerId, firstName, lastName, title, department, emails, phones, birthday, primary,
                doNotContact, marketingOptOut, values);
    }

    public ContactFields withCustomer(String customer) {
        return new ContactFields(customer, firstName, lastName, title, department, emails, phones, birthday, primary,
                doNotContact, marketingOptOut, customFields);
    }

    private interface Cleaner {
        String clean(String value);
    }

    private static List<String> list(List<String> values, String field, List<FieldError> errors, Cleaner cleaner,
                                     String message) {
        if (values == null) {
            return List.of();
        }
        Set<String> clean = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                continue;
            }
            String cleaned = cleaner.clean(value);
            if (cleaned == null) {
                errors.add(new FieldError(field + "[" + i + "]", message));
            } else {
                clean.add(cleaned);
            }
        }
        if (clean.size() > MAX_ADDRESSES) {
            errors.add(new FieldError(field, "at most " + MAX_ADDRESSES));
        }
        return List.copyOf(clean);
    }

    private static String text(String value, String field, int max, List<FieldError> errors) {
        String clean = value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        if (clean == null || clean.isEmpty()) {
            return null;
        }
        if (clean.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (clean.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
        return clean;
    }

    static String nameKey(String first, String last) {
        return Normalise.personName(first, last);
    }
}
