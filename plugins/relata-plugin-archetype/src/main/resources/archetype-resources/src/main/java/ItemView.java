package ${package};

import java.time.Instant;

/** An item as the REST API shows it. */
public record ItemView(String id, String name, Instant createdAt, long version) {
}
