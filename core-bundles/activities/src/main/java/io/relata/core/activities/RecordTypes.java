package io.relata.core.activities;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.audit.RecordVisibility;

/**
 * The record types activities may link to: those for which an installed module registers a
 * {@link RecordVisibility}. Modules come and go, so the list does too; links already stored are kept.
 */
@Component(service = RecordTypes.class)
public class RecordTypes {

    /** By record type; when several modules answer for one type, a record must be visible to all of them. */
    private final Map<String, List<RecordVisibility>> visibilities = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "remove")
    void add(RecordVisibility visibility, Map<String, Object> properties) {
        recordTypeOf(properties).ifPresent(type -> visibilities.merge(type, List.of(visibility), (known, more) -> {
            List<RecordVisibility> all = new java.util.ArrayList<>(known);
            all.addAll(more);
            return List.copyOf(all);
        }));
    }

    void remove(RecordVisibility visibility, Map<String, Object> properties) {
        recordTypeOf(properties).ifPresent(type -> visibilities.computeIfPresent(type, (known, answering) -> {
            List<RecordVisibility> rest = answering.stream().filter(one -> one != visibility).toList();
            return rest.isEmpty() ? null : rest;
        }));
    }

    boolean known(String recordType) {
        return visibilities.containsKey(recordType);
    }

    /** @return whether the record exists and the current user may see it; {@code false} for unknown types */
    boolean visible(String recordType, String recordId) {
        List<RecordVisibility> answering = visibilities.get(recordType);
        return answering != null && answering.stream().allMatch(visibility -> visibility.isVisible(recordId));
    }

    private static Optional<String> recordTypeOf(Map<String, Object> properties) {
        return properties.get(RecordVisibility.RECORD_TYPE) instanceof String type && !type.isBlank()
                ? Optional.of(type) : Optional.empty();
    }
}
