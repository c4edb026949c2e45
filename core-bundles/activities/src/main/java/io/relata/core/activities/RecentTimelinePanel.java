package io.relata.core.activities;

import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.TimelineEntry;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.CustomerPanelSpec;
import io.relata.api.customer.RecordLink;
import io.relata.api.rest.PageRequest;

/**
 * The 360 view's recent timeline: the customer's newest entries, its activities and what modules contribute. The
 * full timeline is {@code GET /customers/{id}/timeline}.
 */
@Component
@CustomerPanelSpec(id = "core.recent-timeline", order = 160)
public class RecentTimelinePanel implements CustomerPanel {

    static final int SHOWN = 5;

    private final Timeline timeline;

    @Activate
    public RecentTimelinePanel(@Reference Timeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public Optional<Content> render(Request request) {
        TimelinePage page = timeline.of(request.customer().id(), Set.of(), new PageRequest(SHOWN, null));
        Content.Builder content = Content.titled("Recent activity", "最近动态");
        for (TimelineEntry entry : page.items()) {
            content.item(new RecordLink(entry.recordType(), entry.recordId(), entry.kind() + " · " + entry.title()));
        }
        return page.items().isEmpty() ? Optional.empty() : Optional.of(content.build());
    }
}
