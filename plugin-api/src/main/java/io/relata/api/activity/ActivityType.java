package io.relata.api.activity;

/** What kind of work an activity records. */
public enum ActivityType {
    CALL, EMAIL, MEETING, TASK, NOTE, VISIT;

    /** @return whether the activity has a direction: calls and e-mails go in or out */
    public boolean isCommunication() {
        return this == CALL || this == EMAIL;
    }

    /** @return whether the activity happens somewhere: visits and meetings may have a location */
    public boolean hasLocation() {
        return this == VISIT || this == MEETING;
    }
}
