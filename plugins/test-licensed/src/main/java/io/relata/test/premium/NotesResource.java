package io.relata.test.premium;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.Page;
import io.relata.api.rest.RestResource;

/** {@code /api/v1/premium/notes}: exists only while the license includes test-premium. */
@Component(service = NotesResource.class)
@RestResource
@SatisfyingConditionTarget("(osgi.condition.id=relata.license.test-premium)")
@Path("premium/notes")
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource {

    public record Note(String id, String text) {
    }

    @Reference(target = "(osgi.jndi.service.name=relata)")
    private DataSource dataSource;

    @Reference(target = "(&(relata.schema=test_premium)(relata.schema.state=MIGRATED))")
    private SchemaStatus schema;

    @GET
    public Page<Note> list() throws SQLException {
        List<Note> notes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT id, text FROM test_premium_note ORDER BY text");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                notes.add(new Note(rows.getString(1), rows.getString(2)));
            }
        }
        return Page.last(notes);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Note add(Map<String, String> body) throws SQLException {
        Note note = new Note(UUID.randomUUID().toString(), String.valueOf(body.get("text")));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO test_premium_note (id, text) VALUES (?, ?)")) {
            insert.setString(1, note.id());
            insert.setString(2, note.text());
            insert.executeUpdate();
        }
        return note;
    }
}
