package ${package};

import java.time.Instant;

/** An item as the REST API shows it. */
public record ItemView(String id, String name, String ownerId, Instant createdAt, long version) {
}
