package io.relata.core.activities;

import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Embeddable;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;

import io.relata.api.activity.Participant;
import io.relata.api.activity.ParticipantKind;

/** A participant of an activity, as a row of {@code core_activity_participant}. */
@Embeddable
public class ParticipantColumns {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private ParticipantKind kind;

    @Column(name = "participant_id", nullable = false, length = 36)
    private String participantId;

    protected ParticipantColumns() {
    }

    ParticipantColumns(Participant participant) {
        this.kind = participant.kind();
        this.participantId = participant.id();
    }

    Participant participant() {
        return new Participant(kind, participantId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParticipantColumns that && kind == that.kind
                && participantId.equals(that.participantId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, participantId);
    }
}
