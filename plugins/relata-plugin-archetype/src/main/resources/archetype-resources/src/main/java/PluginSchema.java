#set( $schema = $moduleId.replace("-", "_") )
package ${package};

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The module's tables: Relata applies this changelog before {@link ItemStore} starts. */
@Component
@RelataSchema(PluginSchema.NAME)
public class PluginSchema implements SchemaMigration {

    static final String NAME = "${schema}";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/${moduleId}-changelog.xml";
    }
}
