package io.relata.api.activity;

/**
 * A record an activity is about, of any installed module.
 *
 * @param recordType the record type, as its module registers it (e.g. {@code customer}, {@code contact},
 *                   {@code lead})
 * @param recordId   the record's id
 */
public record ActivityLink(String recordType, String recordId) {
}
