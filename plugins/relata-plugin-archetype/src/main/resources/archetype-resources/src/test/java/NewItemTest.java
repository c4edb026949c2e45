package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.relata.api.rest.ProblemException;

class NewItemTest {

    @Test
    void namesAreTrimmedAndRequired() {
        assertEquals("Ada", new NewItem("  Ada ").validName());
        ProblemException blank = assertThrows(ProblemException.class, () -> new NewItem(" ").validName());
        assertEquals("name", blank.problem().errors().get(0).field());
        assertThrows(ProblemException.class, () -> new NewItem("x".repeat(201)).validName());
    }
}
