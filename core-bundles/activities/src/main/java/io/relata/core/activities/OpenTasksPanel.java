package io.relata.core.activities;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.CustomerPanelSpec;
import io.relata.api.customer.RecordLink;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;

/** The 360 view's open tasks: those about the customer or its contacts, soonest due first. */
@Component
@CustomerPanelSpec(id = "core.open-tasks", order = 150)
public class OpenTasksPanel implements CustomerPanel {

    static final int SHOWN = 5;
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ActivityStore store;
    private final Contacts contacts;
    private final AccessControl access;
    private final CurrentUser currentUser;

    @Activate
    public OpenTasksPanel(@Reference ActivityStore store, @Reference Contacts contacts,
                          @Reference AccessControl access, @Reference CurrentUser currentUser) {
        this.store = store;
        this.contacts = contacts;
        this.access = access;
        this.currentUser = currentUser;
    }

    @Override
    public Optional<Content> render(Request request) {
        if (!access.permits("activities:read")) {
            return Optional.empty();
        }
        Set<String> contactIds = contacts.ofCustomer(request.customer().id()).stream().map(Contact::id)
                .collect(Collectors.toSet());
        ActivityStore.OpenTasks tasks = store.openTasks(request.customer().id(), contactIds, SHOWN);
        ZoneId zone = ActivityStore.zoneOf(currentUser.get().map(user -> user.timeZone()).orElse(null));
        Content.Builder content = Content.titled("Open tasks", "未完成任务")
                .count("open", "Open", "未完成", tasks.count())
                .count("overdue", "Overdue", "已逾期", tasks.overdue());
        for (Activity task : tasks.first()) {
            String label = task.dueAt() == null ? task.subject()
                    : task.subject() + " · " + DUE.format(task.dueAt().atZone(zone));
            content.item(new RecordLink(Activity.RECORD_TYPE, task.id(), label));
        }
        return Optional.of(content.build());
    }
}
