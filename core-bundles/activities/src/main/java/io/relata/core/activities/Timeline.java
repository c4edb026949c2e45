package io.relata.core.activities;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.activity.ActivityType;
import io.relata.api.activity.TimelineContributor;
import io.relata.api.activity.TimelineEntry;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customers;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;

/**
 * A customer's timeline: its activities and its contacts', merged with what {@link TimelineContributor}s add, newest
 * first.
 *
 * <p>Paging across sources: every source is asked for the newest {@code limit} entries after the cursor. A source
 * that answers that many may hold more, older ones; entries older than its oldest answer could therefore be passed
 * over, so the page stops there (the boundary) and the next page continues from it. The cursor is the time and id
 * of the last entry (or of the boundary), so entries of the same instant are neither lost nor repeated.
 */
@Component(service = Timeline.class)
public class Timeline {

    private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);
    private static final String COMPONENT_NAME = "component.name";
    /** A filter that drops most entries would otherwise leave pages short; a few more rounds fill them. */
    private static final int MAX_ROUNDS = 5;
    /** How many entries of one instant a contributor may have before the timeline gives up on the older ones. */
    private static final int MAX_ASKED = 10_000;
    /** What contributors are asked for the first page: later than anything, and still a date every database holds. */
    static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
    private static final Comparator<TimelineEntry> NEWEST_FIRST = Comparator
            .comparing(TimelineEntry::occurredAt).thenComparing(TimelineEntry::id).reversed();

    /** A registered contributor under the id the answer and the log give it. */
    private record Contributor(String id, TimelineContributor service) {
    }

    /** What one source answered for one round. */
    private record Answer(List<TimelineEntry> entries, boolean mayHaveMore) {
    }

    private final ActivityStore activities;
    private final Customers customers;
    private final Contacts contacts;
    private final AccessControl access;
    private final List<Contributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public Timeline(@Reference ActivityStore activities, @Reference Customers customers, @Reference Contacts contacts,
                    @Reference AccessControl access) {
        this.activities = activities;
        this.customers = customers;
        this.contacts = contacts;
        this.access = access;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeContributor")
    void addContributor(TimelineContributor contributor, Map<String, Object> properties) {
        contributors.add(new Contributor(idOf(contributor, properties), contributor));
    }

    void removeContributor(TimelineContributor contributor) {
        contributors.removeIf(known -> known.service() == contributor);
    }

    /**
     * @param kinds only entries of these kinds (activity types such as {@code CALL}, or contributed kinds); empty
     *              for all
     * @throws io.relata.api.rest.ProblemException 404 when the caller may not see the customer
     */
    TimelinePage of(String customerId, Set<String> kinds, PageRequest page) {
        if (customers.find(customerId).isEmpty()) {
            throw Problem.notFound("no customer with id " + customerId).toException();
        }
        Set<String> contactIds = contacts.ofCustomer(customerId).stream().map(Contact::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<ActivityType> activityTypes = activityTypes(kinds);
        boolean activitiesWanted = access.permits("activities:read") && (kinds.isEmpty() || !activityTypes.isEmpty());
        int limit = page.limit();
        ActivityStore.Position position = page.cursor() == null ? null : ActivityStore.position(page.cursor());
        List<TimelineEntry> items = new ArrayList<>();
        Set<String> incomplete = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS && items.size() < limit; round++) {
            List<Answer> answers = new ArrayList<>();
            if (activitiesWanted) {
                List<TimelineEntry> entries = activities.timeline(customerId, contactIds, activityTypes, position,
                        limit);
                answers.add(new Answer(entries, entries.size() >= limit));
            }
            for (Contributor contributor : contributors) {
                if (!incomplete.contains(contributor.id())) {
                    ask(contributor, customerId, contactIds, position, limit).ifPresentOrElse(answers::add,
                            () -> incomplete.add(contributor.id()));
                }
            }
            TimelineEntry boundary = boundary(answers);
            ActivityStore.Position current = position;
            List<TimelineEntry> merged = answers.stream().flatMap(answer -> answer.entries().stream())
                    .filter(entry -> boundary == null || NEWEST_FIRST.compare(entry, boundary) <= 0)
                    .filter(entry -> kinds.isEmpty() || kinds.contains(entry.kind()))
                    .sorted(NEWEST_FIRST).distinct().toList();
            for (TimelineEntry entry : merged) {
                if (items.size() == limit) {
                    return new TimelinePage(items, positionOf(items.get(limit - 1)).cursor().encode(),
                            List.copyOf(incomplete));
                }
                items.add(entry);
            }
            if (boundary == null) {
                return new TimelinePage(items, null, List.copyOf(incomplete));
            }
            position = positionOf(boundary);
            if (position.equals(current)) {
                break;
            }
        }
        String next = position == null ? null : position.cursor().encode();
        return new TimelinePage(items, next, List.copyOf(incomplete));
    }

    /**
     * Asks a contributor, keeping what it got wrong (too new, too many, null) out of the merge. Contributors page by
     * instant alone, so they answer again the entries of the cursor's instant that were shown already; when those
     * fill a whole answer, it asks for more until older entries come.
     */
    private Optional<Answer> ask(Contributor contributor, String customerId, Set<String> contactIds,
                                 ActivityStore.Position after, int limit) {
        try {
            Instant before = after == null ? END_OF_TIME : after.at().plusNanos(1);
            int asked = limit;
            while (true) {
                List<TimelineEntry> answered = contributor.service().entries(customerId, Set.copyOf(contactIds),
                        before, asked);
                List<TimelineEntry> entries = (answered == null ? List.<TimelineEntry>of() : answered).stream()
                        .filter(Objects::nonNull)
                        .filter(entry -> after == null || after.isAfter(entry.occurredAt(), entry.id()))
                        .sorted(NEWEST_FIRST).limit(limit).toList();
                boolean full = answered != null && answered.size() >= asked;
                if (!full || !entries.isEmpty() || asked >= MAX_ASKED) {
                    if (full && entries.isEmpty()) {
                        LOG.warn("Timeline contributor {} has more than {} entries at {}; the older ones are left out",
                                contributor.id(), MAX_ASKED, after.at());
                    }
                    return Optional.of(new Answer(entries, full && !entries.isEmpty()));
                }
                asked = Math.min(asked * 4, MAX_ASKED);
            }
        } catch (RuntimeException e) {
            LOG.warn("Timeline contributor {} failed for customer {}; its entries are left out", contributor.id(),
                    customerId, e);
            return Optional.empty();
        }
    }

    /** @return the newest of the oldest entries of the sources that may hold more, or {@code null} if none may */
    private static TimelineEntry boundary(List<Answer> answers) {
        return answers.stream().filter(Answer::mayHaveMore)
                .map(answer -> answer.entries().get(answer.entries().size() - 1))
                .min(NEWEST_FIRST).orElse(null);
    }

    private static Set<ActivityType> activityTypes(Set<String> kinds) {
        Set<ActivityType> types = new LinkedHashSet<>();
        for (ActivityType type : ActivityType.values()) {
            if (kinds.contains(type.name())) {
                types.add(type);
            }
        }
        return types;
    }

    private static ActivityStore.Position positionOf(TimelineEntry entry) {
        return new ActivityStore.Position(entry.occurredAt(), entry.id());
    }

    private static String idOf(TimelineContributor contributor, Map<String, Object> properties) {
        if (properties.get(TimelineContributor.CONTRIBUTOR_ID) instanceof String id && !id.isBlank()) {
            return id;
        }
        return properties.get(COMPONENT_NAME) instanceof String name && !name.isBlank() ? name
                : contributor.getClass().getName();
    }
}
