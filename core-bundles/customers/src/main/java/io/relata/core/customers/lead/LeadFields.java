package io.relata.core.customers.lead;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.relata.api.customer.Address;
import io.relata.api.customer.LeadStatus;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.customer.Normalise;

/** The writable fields of a lead: the body of a create, and what a merge patch is applied to. */
public record LeadFields(String firstName, String lastName, String company, String title, String email,
                         String phone, String website, Address address, String source, String campaignId,
                         LeadStatus status, String disqualifiedReason, String description, String ownerId,
                         Map<String, Object> customFields) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** @return these fields trimmed and normalised, or a 400 problem naming every bad field */
    public LeadFields validated() {
        List<FieldError> errors = new ArrayList<>();
        String first = text(firstName, "firstName", 100, errors);
        String last = text(lastName, "lastName", 100, errors);
        String cleanCompany = text(company, "company", 200, errors);
        if (first == null && last == null && cleanCompany == null && errors.isEmpty()) {
            errors.add(new FieldError("lastName", "a lead needs a name or a company"));
        }
        String cleanEmail = text(email, "email", 254, errors);
        if (cleanEmail != null) {
            cleanEmail = Normalise.email(cleanEmail);
            if (!Normalise.isEmail(cleanEmail)) {
                errors.add(new FieldError("email", "is not an e-mail address"));
            }
        }
        String cleanPhone = text(phone, "phone", 40, errors);
        if (cleanPhone != null && !Normalise.isPhone(cleanPhone)) {
            errors.add(new FieldError("phone", "is not a phone number"));
        }
        String cleanWebsite = text(website, "website", 500, errors);
        Address given = address == null ? Address.EMPTY : address;
        String country = given.country() == null || given.country().isBlank() ? null
                : given.country().strip().toUpperCase(Locale.ROOT);
        if (country != null && !Normalise.isCountry(country)) {
            errors.add(new FieldError("address.country", "is not an ISO 3166 country code such as CN or US"));
        }
        Address cleanAddress = new Address(text(given.street(), "address.street", 500, errors),
                text(given.city(), "address.city", 100, errors), text(given.region(), "address.region", 100, errors),
                text(given.postalCode(), "address.postalCode", 20, errors), country);
        String cleanSource = text(source, "source", 40, errors);
        if (cleanSource != null && !KEY.matcher(cleanSource).matches()) {
            errors.add(new FieldError("source", "is not a lead-source key (lower case letters, digits, '-')"));
        }
        String cleanCampaign = text(campaignId, "campaignId", 36, errors);
        if (cleanCampaign != null && !Normalise.isId(cleanCampaign)) {
            errors.add(new FieldError("campaignId", "is not an id"));
        }
        LeadStatus cleanStatus = status == null ? LeadStatus.NEW : status;
        String reason = text(disqualifiedReason, "disqualifiedReason", 500, errors);
        if (cleanStatus == LeadStatus.DISQUALIFIED && reason == null) {
            errors.add(new FieldError("disqualifiedReason", "is required to disqualify a lead"));
        }
        if (cleanStatus != LeadStatus.DISQUALIFIED) {
            reason = null;
        }
        String cleanDescription = text(description, "description", 4000, errors);
        String cleanTitle = text(title, "title", 100, errors);
        String cleanOwner = text(ownerId, "ownerId", 36, errors);
        if (cleanOwner != null && !Normalise.isId(cleanOwner)) {
            errors.add(new FieldError("ownerId", "is not an id"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new LeadFields(first, last, cleanCompany, cleanTitle, cleanEmail, cleanPhone,
                cleanWebsite, cleanAddress, cleanSource, cleanCampaign, cleanStatus, reason, cleanDescription,
                cleanOwner, customFields == null ? Map.of() : customFields);
    }

    LeadFields withOwner(String owner) {
        return new LeadFields(firstName, lastName, company, title, email, phone, website, address, source,
                campaignId, status, disqualifiedReason, description, owner, customFields);
    }

    LeadFields withStatus(LeadStatus newStatus) {
        return new LeadFields(firstName, lastName, company, title, email, phone, website, address, source,
                campaignId, newStatus, disqualifiedReason, description, ownerId, customFields);
    }

    LeadFields withCustomFields(Map<String, Object> values) {
        return new LeadFields(firstName, lastName, company, title, email, phone, website, address, source,
                campaignId, status, disqualifiedReason, description, ownerId, values);
    }

    private static String text(String value, String field, int max, List<FieldError> errors) {
        String clean = value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        if (clean == null || clean.isEmpty()) {
            return null;
        }
        if (clean.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (!field.equals("description") && clean.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
        return clean;
    }
}
