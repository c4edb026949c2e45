package io.relata.core.dashboard;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricProvider;
import io.relata.api.security.UserPrincipal;

/**
 * The metric providers installed right now. Modules come and go at any time, so nothing is cached: every request
 * asks the providers it needs. A provider that cannot describe itself is left out (and logged), never fatal;
 * of two providers with the same id the first registered wins, so a second copy cannot hijack a metric.
 */
@Component(service = MetricRegistry.class)
public class MetricRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);

    /** A provider with the descriptor it gave. */
    record Entry(MetricDescriptor descriptor, MetricProvider provider) {
    }

    private final List<MetricProvider> providers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(MetricProvider provider) {
        providers.add(provider);
    }

    void removeProvider(MetricProvider provider) {
        providers.remove(provider);
    }

    /** @return the metrics the user may see, in dashboard order */
    List<Entry> visibleTo(UserPrincipal user) {
        return entries().values().stream()
                .filter(entry -> permits(user, entry.descriptor()))
                .sorted(Comparator.comparingInt((Entry entry) -> entry.descriptor().order())
                        .thenComparing(entry -> entry.descriptor().id()))
                .toList();
    }

    /** @return the metric with this id, whoever may see it */
    Optional<Entry> find(String id) {
        return Optional.ofNullable(entries().get(id));
    }

    static boolean permits(UserPrincipal user, MetricDescriptor descriptor) {
        return descriptor.permission() == null || user.has(descriptor.permission());
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> byId = new TreeMap<>();
        for (MetricProvider provider : providers) {
            MetricDescriptor descriptor;
            try {
                descriptor = provider.descriptor();
            } catch (RuntimeException failed) {
                LOG.warn("Metric provider {} failed to describe itself: {}", provider.getClass().getName(),
                        failed.toString());
                continue;
            }
            if (descriptor != null) {
                byId.putIfAbsent(descriptor.id(), new Entry(descriptor, provider));
            }
        }
        return byId;
    }
}
