package io.relata.api.activity;

/**
 * Someone who takes part in an activity.
 *
 * @param kind a user or a contact
 * @param id   the user's or the contact's id
 */
public record Participant(ParticipantKind kind, String id) {
}
