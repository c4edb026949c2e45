#set( $schema = $moduleId.replace("-", "_") )
package ${package};

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/** The module's record. Entities stay inside the plugin; REST and events see values. */
@Entity
@Table(name = "${schema}_item")
public class Item {

    @Id
    private String id;

    @Column(nullable = false, length = 200)
    private String name;

    /** The user whose item it is: data scopes (OWN, TEAM, ...) decide who else sees it. */
    @Column(name = "owner_id", nullable = false, length = 36)
    private String ownerId;

    /** JPA 2.2 maps OffsetDateTime, not Instant: keep UTC here and convert at the edges. */
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Version
    private long version;

    protected Item() {
    }

    Item(String id, String name, String ownerId, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    ItemView view() {
        return new ItemView(id, name, ownerId, createdAt.toInstant(), version);
    }
}
