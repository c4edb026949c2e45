package io.relata.core.customfields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.audit.RecordVisibility;

/**
 * The {@link RecordVisibility} services by the record type they answer for, which say whether the current user may
 * see the record a reference field points to.
 */
final class Visibilities {

    private static final Logger LOG = LoggerFactory.getLogger(Visibilities.class);

    /** Normally one per record type; see {@link #isVisible}. */
    private final Map<String, List<RecordVisibility>> byRecordType = new ConcurrentHashMap<>();

    void add(RecordVisibility visibility, Map<String, ?> properties) {
        String recordType = recordTypeOf(properties);
        if (recordType == null) {
            LOG.warn("A RecordVisibility service without a {} property is ignored", RecordVisibility.RECORD_TYPE);
            return;
        }
        byRecordType.merge(recordType, List.of(visibility), Visibilities::plus);
    }

    void remove(RecordVisibility visibility, Map<String, ?> properties) {
        String recordType = recordTypeOf(properties);
        if (recordType != null) {
            byRecordType.computeIfPresent(recordType, (type, answering) -> minus(answering, visibility));
        }
    }

    /**
     * Asks the module that owns the record type. Without an answer there is no way to tell whether the user may
     * see the record, so the reference is refused: storing it would show its id to someone who may not see it.
     * Should two bundles answer for one type, both have to agree.
     */
    boolean isVisible(String recordType, String recordId) {
        List<RecordVisibility> answering = recordType == null ? null : byRecordType.get(recordType);
        if (answering == null || answering.isEmpty()) {
            return false;
        }
        for (RecordVisibility visibility : answering) {
            try {
                if (!visibility.isVisible(recordId)) {
                    return false;
                }
            } catch (RuntimeException e) {
                // a module's failure to answer must not turn into a 500, nor let the reference through
                LOG.warn("The visibility of {} {} could not be checked, so a reference to it is refused", recordType,
                        recordId, e);
                return false;
            }
        }
        return true;
    }

    private static String recordTypeOf(Map<String, ?> properties) {
        return properties.get(RecordVisibility.RECORD_TYPE) instanceof String type && !type.isBlank() ? type : null;
    }

    private static List<RecordVisibility> plus(List<RecordVisibility> answering, List<RecordVisibility> more) {
        List<RecordVisibility> all = new ArrayList<>(answering);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** @return the rest, or {@code null} to drop the record type once nobody answers for it */
    private static List<RecordVisibility> minus(List<RecordVisibility> answering, RecordVisibility gone) {
        List<RecordVisibility> rest = answering.stream().filter(visibility -> visibility != gone).toList();
        return rest.isEmpty() ? null : rest;
    }
}
